//! Fixing definition files: which findings' fixes are applied to a file, the checks that decide
//! whether the result may be written (it parses, the fixed findings are gone, nothing new appears, a
//! second pass has nothing left to do), the unified diff, and the atomic write. Nothing here prints.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Outcome};
use crate::source::{Encoding, SourceFile};
use crate::time::Reference;

/// A fix applied (or to be applied) to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub rule: &'static str,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// What fixing one file gives.
#[derive(Debug, Clone)]
pub struct FileFix {
    /// The file as named in the findings.
    pub file: String,
    pub original: String,
    /// The corrected text, when it may be written.
    pub fixed: Option<String>,
    pub applied: Vec<Applied>,
    /// Why the file is left unchanged although it has fixable findings.
    pub refused: Option<String>,
    pub encoding: Encoding,
    /// `check --fix`: the secrets of the text as it is printed (the fixed one if any), for redaction.
    pub secrets: Vec<(crate::source::Span, crate::diagnostic::SecretKind)>,
}

impl FileFix {
    /// A file before any fix: nothing applied, nothing refused.
    fn unchanged(src: &crate::source::SourceFile) -> FileFix {
        FileFix {
            file: src.name.clone(),
            original: src.text.clone(),
            fixed: None,
            applied: Vec::new(),
            refused: None,
            encoding: src.encoding,
            secrets: Vec::new(),
        }
    }
}

/// The most passes over one file: a fix can make another visible (quotes around a value with a
/// trailing space); three passes are more than any fixture needs.
const PASSES: usize = 3;

fn key(d: &Diagnostic) -> (&'static str, String) {
    (d.rule, d.pointer.clone())
}

fn counts(ds: &[Diagnostic]) -> HashMap<(&'static str, String), usize> {
    let mut m = HashMap::new();
    for d in ds {
        *m.entry(key(d)).or_insert(0) += 1;
    }
    m
}

/// The fixes of `outcome`'s findings, file by file, checked; nothing is written.
pub fn plan(outcome: &Outcome, now: Reference, config: &Config) -> Vec<FileFix> {
    let mut out = Vec::new();
    for (id, src) in outcome.files.iter().enumerate() {
        let ds: Vec<&Diagnostic> = outcome.diagnostics.iter().filter(|d| d.file == id && d.fix.is_some()).collect();
        if ds.is_empty() {
            continue;
        }
        let mut f = FileFix::unchanged(src);
        if src.name.contains(".zip!/") {
            f.refused =
                Some("inside a zip: zips are left alone (unpack the solution, fix the folder, pack it again)".into());
        } else if matches!(src.encoding, Encoding::Utf16Le | Encoding::Utf16Be) {
            f.refused = Some("a UTF-16 file: left alone (save it as UTF-8 to have it fixed)".into());
        } else {
            let relint = |text: &str| match crate::lint::lint_text(&src.name, text, now, config) {
                Ok(Some(o)) => Ok(o.diagnostics),
                Ok(None) => Err("after the fix it no longer holds a flow"),
                Err(_) => Err("after the fix it would no longer parse"),
            };
            fix_text(&mut f, src, &ds, &relint);
        }
        out.push(f);
    }
    out
}

/// Reads a text again as the file it stands for: its findings, or why it cannot be used.
type Relint<'a> = dyn Fn(&str) -> Result<Vec<Diagnostic>, &'static str> + 'a;

fn fix_text(f: &mut FileFix, src: &SourceFile, first: &[&Diagnostic], relint: &Relint) {
    // The same reading of the file before and after, so that the comparison is fair.
    let Ok(before) = relint(&src.text) else {
        return f.refused = Some("the file could not be read again for the check".into());
    };
    let mut text = src.text.clone();
    let mut fixed_keys = Vec::new();
    let mut chosen: Vec<Diagnostic> = first.iter().map(|d| (*d).clone()).collect();
    let current_src = src.clone();
    let mut current_src = current_src;
    for pass in 0..PASSES {
        let picked = crate::fix::chosen(&current_src, chosen.iter());
        if picked.is_empty() {
            break;
        }
        for d in &picked {
            let at = current_src.line_col(d.span.start);
            let message = d.fix.as_ref().map(|x| x.message.clone()).unwrap_or_default();
            // Positions of later passes are in the text as fixed so far.
            f.applied.push(Applied { rule: d.rule, line: at.line, column: at.column, message });
            fixed_keys.push(key(d));
        }
        text = crate::fix::apply(&text, &crate::fix::edits_of(&picked));
        let after = match relint(&text) {
            Ok(ds) => ds,
            Err(why) => return refuse(f, why),
        };
        current_src = SourceFile::from_text(src.name.clone(), text.clone());
        chosen = after.iter().filter(|d| d.fix.is_some()).cloned().collect();
        if pass + 1 == PASSES && !crate::fix::chosen(&current_src, chosen.iter()).is_empty() {
            return refuse(f, "the fixes do not settle (a further pass would change it again)");
        }
        // Nothing new, and every fixed finding one fewer.
        let (b, a) = (counts(&before), counts(&after));
        if let Some(((rule, _), _)) = a.iter().find(|(k, n)| **n > b.get(*k).copied().unwrap_or(0)) {
            return refuse(f, &format!("the fix would bring a new {rule} finding"));
        }
        if let Some((rule, _)) =
            fixed_keys.iter().find(|k| b.contains_key(*k) && a.get(*k).copied().unwrap_or(0) >= b[*k])
        {
            return refuse(f, &format!("the {rule} finding would still be there after the fix"));
        }
    }
    if text != src.text {
        f.fixed = Some(text);
    }
}

fn refuse(f: &mut FileFix, why: &str) {
    f.fixed = None;
    f.applied.clear();
    f.refused = Some(format!("left unchanged: {why}"));
}

/// `check --fix`: each input's raw inputs with the safe fixes applied, checked as `lint` checks them.
pub fn corrected_inputs(opts: &crate::check::CheckOptions, outcome: &Outcome) -> Vec<FileFix> {
    let mut out = Vec::new();
    for (id, src) in outcome.files.iter().enumerate() {
        let ds: Vec<&Diagnostic> = outcome.diagnostics.iter().filter(|d| d.file == id && d.fix.is_some()).collect();
        let given = opts.inputs.iter().any(|i| *i == src.name || (i == "-" && src.name == "<stdin>"));
        if !given {
            continue;
        }
        let mut f = FileFix::unchanged(src);
        if !ds.is_empty() {
            let relint = |text: &str| {
                let one = crate::check::CheckOptions { inputs: vec![src.name.clone()], ..opts.clone() };
                match crate::source::with_pasted(vec![(src.name.clone(), text.to_string())], || {
                    crate::check::check(&one)
                }) {
                    Ok(o) if o.errors.is_empty() => Ok(o.diagnostics),
                    _ => Err("after the fix it would no longer parse"),
                }
            };
            fix_text(&mut f, src, &ds, &relint);
        }
        f.secrets = outcome.secrets.iter().filter(|s| s.file == id).map(|s| (s.span, s.kind)).collect();
        if let Some(text) = &f.fixed {
            let one = crate::check::CheckOptions { inputs: vec![src.name.clone()], ..opts.clone() };
            let again =
                crate::source::with_pasted(vec![(src.name.clone(), text.clone())], || crate::check::check(&one));
            // The fixed text's own secrets; failing that, every credential-shaped run in it.
            f.secrets = match again {
                Ok(o) => {
                    let id = o.files.iter().position(|s| s.name == src.name);
                    o.secrets.iter().filter(|s| Some(s.file) == id).map(|s| (s.span, s.kind)).collect()
                }
                Err(_) => crate::redact::scrub(text),
            };
        }
        out.push(f);
    }
    out
}

/// A unified diff of one file's fix (`--- a/file`, `+++ b/file`, three lines of context).
pub fn unified_diff(f: &FileFix) -> String {
    let Some(fixed) = &f.fixed else { return String::new() };
    let diff = similar::TextDiff::from_lines(f.original.as_str(), fixed.as_str());
    diff.unified_diff().context_radius(3).header(&format!("a/{}", f.file), &format!("b/{}", f.file)).to_string()
}

/// True when `file` is one of `paths` or inside one of them (symbolic links resolved).
pub fn within(paths: &[String], file: &Path) -> bool {
    let Ok(file) = file.canonicalize() else { return false };
    paths.iter().any(|p| Path::new(p).canonicalize().is_ok_and(|p| file == p || file.starts_with(&p)))
}

/// Writes a fixed file: only if it still holds the text that was read, through a temporary file in
/// the same folder renamed over it, so that an interrupted run leaves the old file or the new one,
/// never half of either. The file's permissions are kept.
pub fn write(f: &FileFix) -> Result<(), String> {
    let Some(fixed) = &f.fixed else { return Ok(()) };
    let path = PathBuf::from(&f.file);
    let now = std::fs::read(&path).map_err(|e| format!("cannot read it again: {e}"))?;
    let same = SourceFile::from_bytes(f.file.clone(), &now).is_ok_and(|s| s.text == f.original);
    if !same {
        return Err("it changed while authlint was reading it: left unchanged".into());
    }
    let mut bytes = Vec::with_capacity(fixed.len() + 3);
    if f.encoding == Encoding::Utf8Bom {
        bytes.extend_from_slice(b"\xEF\xBB\xBF");
    }
    bytes.extend_from_slice(fixed.as_bytes());
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.authlint-fix-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(&path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, &path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write it: {e}")
    })
}

/// What was fixed and what was left alone, one line each (`fixed` / `left`), for standard error.
pub fn summary(fixes: &[FileFix], written: bool) -> String {
    let mut out = String::new();
    let verb = if written { "fixed" } else { "would fix" };
    for f in fixes {
        if let Some(why) = &f.refused {
            out.push_str(&format!("left   {}: {why}\n", f.file));
            continue;
        }
        for a in &f.applied {
            out.push_str(&format!("{verb} {}:{}:{}: [{}] {}\n", f.file, a.line, a.column, a.rule, a.message));
        }
    }
    let n: usize = fixes.iter().filter(|f| f.fixed.is_some()).map(|f| f.applied.len()).sum();
    let files = fixes.iter().filter(|f| f.fixed.is_some()).count();
    out.push_str(&format!(
        "{n} fix{} in {files} file{}\n",
        if n == 1 { "" } else { "es" },
        if files == 1 { "" } else { "s" }
    ));
    out
}

/// The findings a plan leaves: those not fixed in its first pass (matched by file, rule and place).
pub fn remaining(outcome: &Outcome, fixes: &[FileFix]) -> Outcome {
    let mut left = Outcome { files: outcome.files.clone(), ..Default::default() };
    left.secrets = outcome.secrets.clone();
    left.skipped = outcome.skipped.clone();
    left.linted = outcome.linted;
    left.fail_on = outcome.fail_on;
    left.diagnostics = outcome
        .diagnostics
        .iter()
        .filter(|d| {
            let src = &outcome.files[d.file];
            let at = src.line_col(d.span.start);
            !fixes.iter().any(|f| {
                f.fixed.is_some()
                    && f.file == src.name
                    && f.applied.iter().any(|a| a.rule == d.rule && a.line == at.line && a.column == at.column)
            })
        })
        .cloned()
        .collect();
    left
}

#[cfg(test)]
mod tests;
