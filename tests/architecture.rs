//! The layers of docs/architecture.md hold in the code: no file under src/ uses a module of a higher
//! layer than its own, and no files import each other in a loop.
//!
//! The layer list is read from docs/architecture.md (the fenced block that opens with ```` ```layers ````),
//! top layer first, one layer a line; a line names its places (a file such as `input/json.rs`, or a
//! folder such as `rules/` for every file under it), then ` — ` and what they hold. A file belongs to
//! the layer of its most specific place. The code is read with syn: every `use` (through `crate::`,
//! `super::`, `self::` or a child module), and every path in the items, macros included, that starts
//! with `crate`, `super`, `self`, a child module or a name a `use` brought in. `mod` declarations and
//! test modules (`#[cfg(test)]`, `tests.rs`) are not imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

/// A layer: its places (files or folders under src/, as written in the doc).
#[derive(Debug, Clone)]
pub struct Layer {
    pub line: String,
    pub places: Vec<String>,
}

/// What breaks the layers: a file, the line, and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub file: String,
    pub line: usize,
    pub what: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.file.strip_prefix("../") {
            Some(outside) => write!(f, "{outside}: {}", self.what),
            None => write!(f, "src/{}:{}: {}", self.file, self.line, self.what),
        }
    }
}

/// The layers of the first ```` ```layers ```` block of a Markdown text, top first.
pub fn layers_of(markdown: &str) -> Vec<Layer> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in markdown.lines() {
        if !inside {
            inside = line.trim() == "```layers";
            continue;
        }
        if line.trim_start().starts_with("```") {
            return out;
        }
        let names = line.split(" — ").next().unwrap_or_default();
        let places: Vec<String> = names.split_whitespace().filter(|w| *w != "↓").map(str::to_string).collect();
        if !places.is_empty() {
            out.push(Layer { line: line.trim_end().to_string(), places });
        }
    }
    panic!("docs/architecture.md: no closed ```layers block");
}

/// The module path of a file under src/ (`rules/mod.rs` → `rules`, `lib.rs` → ``).
fn module_of(file: &str) -> Vec<String> {
    let stem = file.strip_suffix(".rs").unwrap_or(file);
    let mut segs: Vec<String> = stem.split('/').map(str::to_string).collect();
    if matches!(segs.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        segs.pop();
    }
    segs
}

/// The layer of a file (0 = top): its most specific place.
fn layer_of(layers: &[Layer], file: &str) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, layer) in layers.iter().enumerate() {
        for place in &layer.places {
            let fits = if let Some(dir) = place.strip_suffix('/') {
                file.starts_with(&format!("{dir}/"))
            } else {
                file == place
            };
            if fits && best.is_none_or(|(len, _)| place.len() > len) {
                best = Some((place.len(), i));
            }
        }
    }
    best.map(|(_, i)| i)
}

/// One import: the line, the path as written, the file it reaches.
#[derive(Debug, Clone)]
struct Import {
    line: usize,
    path: String,
    to: String,
}

/// Reads one file's imports.
struct Reader<'a> {
    /// Module path → file, for every file.
    modules: &'a BTreeMap<Vec<String>, String>,
    /// The module being read (the file's, then inline modules).
    module: Vec<String>,
    /// Names brought in by `use`, per module: name → absolute path.
    aliases: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
    /// Inline modules (not files) seen.
    inline: BTreeSet<Vec<String>>,
    imports: Vec<Import>,
}

impl Reader<'_> {
    fn is_module(&self, path: &[String]) -> bool {
        self.modules.contains_key(path) || self.inline.contains(path)
    }

    /// The absolute path of `segs` read in the current module, when it is inside the crate.
    fn absolute(&self, segs: &[String]) -> Option<Vec<String>> {
        let first = segs.first()?;
        let rest = &segs[1..];
        let mut base = match first.as_str() {
            "crate" | "$crate" => Vec::new(),
            "self" => self.module.clone(),
            "super" => {
                let mut m = self.module.clone();
                m.pop();
                let mut rest = rest;
                while rest.first().map(String::as_str) == Some("super") {
                    m.pop();
                    rest = &rest[1..];
                }
                m.extend(rest.iter().cloned());
                return Some(m);
            }
            name => {
                if let Some(abs) = self.aliases.get(&self.module).and_then(|a| a.get(name)) {
                    abs.clone()
                } else {
                    let mut child = self.module.clone();
                    child.push(name.to_string());
                    if !self.is_module(&child) {
                        return None;
                    }
                    child
                }
            }
        };
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The file that holds the longest module prefix of an absolute path.
    fn file_of(&self, abs: &[String]) -> Option<String> {
        (0..=abs.len()).rev().find_map(|n| self.modules.get(&abs[..n]).cloned())
    }

    fn record(&mut self, segs: &[String], line: usize) {
        let Some(abs) = self.absolute(segs) else { return };
        if let Some(to) = self.file_of(&abs) {
            self.imports.push(Import { line, path: segs.join("::"), to });
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.use_leaf(prefix, n.ident.to_string(), None, n.ident.span()),
            syn::UseTree::Rename(r) => {
                self.use_leaf(prefix, r.ident.to_string(), Some(r.rename.to_string()), r.ident.span())
            }
            syn::UseTree::Glob(g) => {
                let line = g.star_token.spans[0].start().line;
                let segs = prefix.clone();
                self.record(&segs, line);
            }
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t);
                }
            }
        }
    }

    fn use_leaf(&mut self, prefix: &[String], name: String, rename: Option<String>, span: proc_macro2::Span) {
        let mut segs = prefix.to_vec();
        let bound = if name == "self" { prefix.last().cloned() } else { Some(name.clone()) };
        if name != "self" {
            segs.push(name);
        }
        let Some(abs) = self.absolute(&segs) else { return };
        // A module brought in by name is not an import of its file: what is used through it is.
        if !self.is_module(&abs) {
            self.record(&segs, span.start().line);
        }
        if let Some(bound) = rename.or(bound) {
            self.aliases.entry(self.module.clone()).or_default().insert(bound, abs);
        }
    }

    /// Paths inside a macro's tokens: `a::b::c` whose first word is in the crate.
    fn tokens(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            match &trees[i] {
                TokenTree::Group(g) => self.tokens(g.stream()),
                TokenTree::Ident(id) => {
                    let line = id.span().start().line;
                    let dollar = i > 0 && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '$');
                    let mut segs = vec![if dollar { format!("${id}") } else { id.to_string() }];
                    let mut j = i + 1;
                    while j + 2 < trees.len()
                        && matches!(&trees[j], TokenTree::Punct(p) if p.as_char() == ':')
                        && matches!(&trees[j + 1], TokenTree::Punct(p) if p.as_char() == ':')
                    {
                        if let TokenTree::Ident(next) = &trees[j + 2] {
                            segs.push(next.to_string());
                            j += 3;
                        } else {
                            break;
                        }
                    }
                    if segs.len() > 1 {
                        self.record(&segs, line);
                        i = j;
                        continue;
                    }
                }
                TokenTree::Punct(_) | TokenTree::Literal(_) => {}
            }
            i += 1;
        }
    }
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| a.path().is_ident("cfg") && a.parse_args::<syn::Meta>().is_ok_and(|m| m.path().is_ident("test")))
}

impl<'ast> Visit<'ast> for Reader<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !is_test(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if let Some((_, items)) = &m.content {
            self.module.push(m.ident.to_string());
            self.inline.insert(self.module.clone());
            for item in items {
                self.visit_item(item);
            }
            self.module.pop();
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &u.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        // A one-word path names what a `use` brought in, already counted there.
        if path.segments.len() > 1 && path.leading_colon.is_none() {
            let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
            self.record(&segs, path.segments[0].ident.span().start().line);
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.visit_path(&m.path);
        self.tokens(m.tokens.clone());
    }
}

/// Every import of every file, `files` being (path under src/, text).
fn imports(files: &[(String, String)]) -> BTreeMap<String, Vec<Import>> {
    let modules: BTreeMap<Vec<String>, String> =
        files.iter().filter(|(f, _)| f != "main.rs").map(|(f, _)| (module_of(f), f.clone())).collect();
    let mut out = BTreeMap::new();
    for (file, text) in files {
        let ast = syn::parse_file(text).unwrap_or_else(|e| panic!("src/{file}: {e}"));
        // Uses first (they may come after the paths they name), then everything.
        let mut reader = Reader {
            modules: &modules,
            module: module_of(file),
            aliases: BTreeMap::new(),
            inline: BTreeSet::new(),
            imports: Vec::new(),
        };
        for item in &ast.items {
            if let syn::Item::Use(u) = item
                && !is_test(&u.attrs)
            {
                reader.visit_item_use(u);
            }
        }
        reader.imports.clear();
        reader.visit_file(&ast);
        let mut imports = reader.imports;
        imports.retain(|i| &i.to != file);
        out.insert(file.clone(), imports);
    }
    out
}

/// What breaks the layers in `files` (path under src/, text): unplaced files, places that are no
/// file, imports from a higher layer, and loops of imports.
pub fn violations(layers: &[Layer], files: &[(String, String)]) -> Vec<Violation> {
    let mut out = Vec::new();
    for layer in layers {
        for place in &layer.places {
            let dir = place.strip_suffix('/');
            if !files.iter().any(|(f, _)| dir.map_or(f == place, |d| f.starts_with(&format!("{d}/")))) {
                out.push(Violation {
                    file: "../docs/architecture.md".into(),
                    line: 0,
                    what: format!("the layer `{}` names `{place}`, which is no file or folder of src/", layer.line),
                });
            }
        }
    }
    for (file, _) in files {
        if layer_of(layers, file).is_none() {
            out.push(Violation { file: file.clone(), line: 1, what: "is in no layer of docs/architecture.md".into() });
        }
    }
    let imports = imports(files);
    for (file, list) in &imports {
        let Some(mine) = layer_of(layers, file) else { continue };
        for i in list {
            let Some(theirs) = layer_of(layers, &i.to) else { continue };
            if theirs < mine {
                out.push(Violation {
                    file: file.clone(),
                    line: i.line,
                    what: format!(
                        "uses `{}` (src/{}), of a higher layer: `{}` is above `{}`",
                        i.path,
                        i.to,
                        layers[theirs].places.join(" "),
                        layers[mine].places.join(" ")
                    ),
                });
            }
        }
    }
    for cycle in cycles(&imports) {
        let first = &cycle[0];
        let mut edges: Vec<String> = Vec::new();
        let mut seen = BTreeSet::new();
        for f in &cycle {
            for i in &imports[f] {
                if cycle.contains(&i.to) && !is_ancestor(&i.to, f) && seen.insert((f, &i.to)) {
                    edges.push(format!("src/{f}:{} uses `{}` (src/{})", i.line, i.path, i.to));
                }
            }
        }
        let line =
            imports[first].iter().find(|i| cycle.contains(&i.to) && !is_ancestor(&i.to, first)).map_or(1, |i| i.line);
        out.push(Violation {
            file: first.clone(),
            line,
            what: format!("imports in a loop: {}\n    {}", cycle.join(" ↔ "), edges.join("\n    ")),
        });
    }
    out
}

/// Whether file `a` holds a module that contains file `b`'s (`rules/mod.rs` of `rules/one.rs`).
fn is_ancestor(a: &str, b: &str) -> bool {
    let (a, b) = (module_of(a), module_of(b));
    a.len() < b.len() && b.starts_with(&a)
}

/// The loops of the import graph: its strongly connected components of more than one file (Tarjan).
/// A submodule's imports of the modules that contain it are not counted: a module and the submodules
/// it declares are one unit (they see each other's private items), so `rules/mod.rs` listing its rules
/// while each rule uses `super::Rule` is no loop. Loops between siblings, or through any other file,
/// are.
fn cycles(imports: &BTreeMap<String, Vec<Import>>) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, Vec<Import>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on.insert(v);
        for i in s.graph.get(v).into_iter().flatten() {
            let w = i.to.as_str();
            if !s.graph.contains_key(w) || is_ancestor(w, v) {
                continue;
            }
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        graph: imports,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in imports.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

/// Every Rust file under `dir` but test modules in their own files, as (path under `dir`, text).
fn sources(dir: &Path) -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "rs") && path.file_name().is_some_and(|n| n != "tests.rs") {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn no_module_uses_one_above_it_and_no_files_import_each_other_in_a_loop() {
    let files = sources(Path::new("src"));
    // AUTHLINT_IMPORTS=1 prints every import found (with --nocapture).
    if std::env::var_os("AUTHLINT_IMPORTS").is_some() {
        for (file, list) in imports(&files) {
            for i in list {
                println!("{file}:{} -> {} ({})", i.line, i.to, i.path);
            }
        }
    }
    let layers = layers_of(&std::fs::read_to_string("docs/architecture.md").unwrap());
    let found = violations(&layers, &files);
    let text: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(found.is_empty(), "{} violations of the layers:\n{}", found.len(), text.join("\n"));
}

fn example() -> (Vec<Layer>, Vec<(String, String)>) {
    let doc = "text\n```layers\ncli.rs          — the top\n   ↓\nrules/          — the rules\n   ↓\nvocab.rs source.rs — the bottom\n```\n";
    let files = vec![
        ("lib.rs".to_string(), "pub mod cli; pub mod rules; pub mod vocab; pub mod source;".to_string()),
        ("cli.rs".to_string(), "use crate::rules::RULES;\nfn f() { crate::vocab::Cause::A; }".to_string()),
        (
            "rules/mod.rs".to_string(),
            "mod one;\nmod two;\npub static RULES: &[&str] = &[one::NAME, two::NAME];\npub trait Rule {}".to_string(),
        ),
        (
            "rules/one.rs".to_string(),
            "use crate::vocab::Cause;\npub const NAME: &str = \"one\";\nimpl super::Rule for Cause {}".to_string(),
        ),
        ("rules/two.rs".to_string(), "use super::Rule;\npub const NAME: &str = \"two\";".to_string()),
        ("vocab.rs".to_string(), "pub enum Cause { A }\nuse super::source::Span;".to_string()),
        ("source.rs".to_string(), "pub struct Span;".to_string()),
    ];
    (layers_of(doc), files)
}

#[test]
fn the_example_holds() {
    let (layers, mut files) = example();
    assert_eq!(layers.len(), 3);
    assert_eq!(layers[2].places, ["vocab.rs", "source.rs"]);
    // lib.rs is in no layer: named.
    let found = violations(&layers, &files);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].file.as_str(), found[0].what.as_str()), ("lib.rs", "is in no layer of docs/architecture.md"));
    files.remove(0);
    assert_eq!(violations(&layers, &files), []);
}

#[test]
fn a_back_import_fails_naming_the_file_and_line() {
    let (layers, mut files) = example();
    files.remove(0);
    files[5].1 = "pub struct Span;\n\nfn f() -> usize {\n    crate::rules::RULES.len()\n}".to_string();
    files[4].1.push_str("\nuse crate::cli as top;\nfn g() { top::run(); }");
    let found = violations(&layers, &files);
    let places: Vec<(&str, usize)> = found.iter().map(|v| (v.file.as_str(), v.line)).collect();
    // Both back-imports, then the loop they close (cli.rs reaches source.rs through rules/ and vocab.rs).
    assert_eq!(places, [("source.rs", 4), ("vocab.rs", 4), ("cli.rs", 1)], "{found:#?}");
    assert!(found[0].what.contains("`crate::rules::RULES` (src/rules/mod.rs), of a higher layer"), "{}", found[0]);
    assert!(found[1].what.contains("`top::run` (src/cli.rs)"), "{}", found[1]);
    assert!(found[2].what.contains("src/source.rs:4 uses `crate::rules::RULES`"), "{}", found[2]);
}

#[test]
fn a_loop_in_one_layer_fails_naming_its_files() {
    let (layers, mut files) = example();
    files.remove(0);
    // rules/mod.rs and its rules use each other (the parent lists them, they use `super::Rule`): no loop.
    assert_eq!(violations(&layers, &files), []);
    // Two sibling rules that use each other are one.
    files[2].1.push_str("\nfn f() -> &'static str { super::two::NAME }");
    files[3].1.push_str("\nfn g() -> &'static str { crate::rules::one::NAME }");
    let found = violations(&layers, &files);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].file.as_str(), found[0].line), ("rules/one.rs", 4));
    assert!(found[0].what.starts_with("imports in a loop: rules/one.rs ↔ rules/two.rs"), "{}", found[0]);
    assert!(
        found[0].what.contains("src/rules/two.rs:3 uses `crate::rules::one::NAME` (src/rules/one.rs)"),
        "{}",
        found[0]
    );
}

#[test]
fn places_that_are_no_file_are_named() {
    let (mut layers, mut files) = example();
    files.remove(0);
    layers[1].places.push("gone.rs".into());
    let found = violations(&layers, &files);
    assert_eq!(found.len(), 1);
    assert!(found[0].what.contains("names `gone.rs`, which is no file"), "{}", found[0]);
}
