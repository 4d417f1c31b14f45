// authlint serve: the page. Everything is built with DOM nodes and textContent, so pasted text never becomes markup,
// and the only requests go to this page's own API, with this run's token.
"use strict";

const TOKEN = new URLSearchParams(location.search).get("token") || "";

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("data-")) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

async function api(path, body) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Authlint-Token": TOKEN },
    body: JSON.stringify(body),
    cache: "no-store",
  });
  let data;
  try { data = await res.json(); } catch (e) { data = { error: `authlint answered ${res.status}` }; }
  if (!res.ok && !data.error) data.error = `authlint answered ${res.status}`;
  return data;
}

// Tabs.
const tabs = ["check", "token", "diff"];
function show(name) {
  for (const t of tabs) {
    document.getElementById(`tab-${t}`).setAttribute("aria-selected", String(t === name));
    document.getElementById(`panel-${t}`).hidden = t !== name;
  }
}
for (const t of tabs) document.getElementById(`tab-${t}`).addEventListener("click", () => show(t));

function errorBox(message) {
  return el("pre", { class: "error" }, message);
}

function notesList(notes) {
  if (!notes || !notes.length) return null;
  return el("ul", { class: "notes" }, notes.map((n) => el("li", {}, "note: ", n.message || n)));
}

// The pasted text with each finding's characters highlighted. Lines and columns are 1-based and count
// code points; end columns are exclusive.
function highlighted(text, findings) {
  const lines = text.split("\n").map((l) => Array.from(l));
  const marks = new Map(); // line index -> [{from, to, rule, severity}]
  for (const f of findings) {
    if (!f.line) continue;
    for (let ln = f.line; ln <= (f.end_line || f.line); ln++) {
      const chars = lines[ln - 1];
      if (!chars) continue;
      const from = ln === f.line ? f.column - 1 : 0;
      let to = ln === (f.end_line || f.line) ? (f.end_column || f.column + 1) - 1 : chars.length;
      if (to <= from) to = from + 1;
      if (!marks.has(ln - 1)) marks.set(ln - 1, []);
      marks.get(ln - 1).push({ from, to, rule: f.rule, severity: f.severity });
    }
  }
  const pre = el("pre", { class: "source" });
  lines.forEach((chars, i) => {
    const line = el("span", { class: "line" }, el("span", { class: "ln" }, String(i + 1)));
    const ms = (marks.get(i) || []).sort((a, b) => a.from - b.from);
    let pos = 0;
    for (const m of ms) {
      if (m.from < pos) continue; // overlapping marks: the first one wins
      line.append(chars.slice(pos, m.from).join(""));
      const piece = chars.slice(m.from, Math.min(m.to, chars.length)).join("") || " ";
      line.append(el("mark", { class: `hl ${m.severity}`, "data-rule": m.rule, title: m.rule }, piece));
      pos = Math.min(m.to, chars.length);
    }
    line.append(chars.slice(pos).join(""), "\n");
    pre.append(line);
  });
  return pre;
}

function findingItem(f) {
  return el("li", { class: `finding ${f.severity}`, "data-rule": f.rule },
    el("div", { class: "head" },
      el("span", { class: `sev ${f.severity}` }, f.severity),
      el("code", { class: "rule" }, f.rule),
      f.line ? el("span", { class: "where" }, `line ${f.line}, column ${f.column}`) : null),
    el("div", { class: "message" }, f.message),
    f.help ? el("div", { class: "help" }, f.help) : null);
}

function verdictCard(v) {
  return el("div", { class: "verdict", "data-cause": v.cause },
    el("h2", {}, `${v.status} — ${v.cause}`),
    el("p", { class: "summary" }, v.summary),
    v.meaning ? el("p", { class: "meaning" }, v.meaning) : null,
    v.evidence && v.evidence.length ? el("ul", { class: "evidence" }, v.evidence.map((e) => el("li", {}, e))) : null,
    el("p", { class: "fix" }, el("strong", {}, "Fix: "), v.fix),
    v.disagreement ? el("p", { class: "disagreement" }, v.disagreement) : null);
}

// Check.
let lastCheck = null;
async function runCheck(revealFixes) {
  const inputs = document.getElementById("check-inputs").value;
  const outputs = document.getElementById("check-outputs").value;
  const out = document.getElementById("check-result");
  if (!inputs.trim()) { out.replaceChildren(errorBox("Paste the raw inputs first.")); return null; }
  const data = await api("/api/check", { inputs, outputs, show_secrets: !!revealFixes });
  if (data.error) { out.replaceChildren(errorBox(data.error)); return null; }
  lastCheck = { inputs, data };
  const mine = (data.findings || []).filter((f) => f.file === "pasted raw inputs");
  const parts = [];
  for (const v of data.verdicts || []) parts.push(verdictCard(v));
  for (const e of data.errors || []) parts.push(errorBox(`${e.file}${e.line ? `:${e.line}:${e.column}` : ""}: ${e.message}`));
  if (data.findings && data.findings.length) {
    parts.push(el("h2", {}, `${data.findings.length} finding${data.findings.length === 1 ? "" : "s"}`));
    parts.push(el("ul", { class: "findings" }, data.findings.map(findingItem)));
  } else if (!(data.errors || []).length) {
    parts.push(el("p", { class: "clean" }, "No problems found in the request."));
  }
  for (const fx of data.fixes || []) parts.push(fixBox(fx));
  parts.push(el("h3", {}, "Your raw inputs"), highlighted(inputs, mine));
  const notes = notesList(data.notes);
  if (notes) parts.push(notes);
  out.replaceChildren(...parts);
  return data;
}

function fixBox(fx) {
  const code = el("code", { class: "corrected" }, fx.corrected);
  const reveal = el("button", { class: "reveal" }, fx.revealed ? "Hide" : "Reveal");
  const copy = el("button", { class: "copy" }, "Copy");
  const status = el("span", { class: "status" });
  reveal.addEventListener("click", () => runCheck(!fx.revealed));
  copy.addEventListener("click", async () => {
    // The real value is fetched only to be copied; the page keeps showing what it showed.
    let value = fx.corrected;
    if (!fx.revealed) {
      const data = await api("/api/check", { inputs: lastCheck.inputs, outputs: document.getElementById("check-outputs").value, show_secrets: true });
      const real = (data.fixes || []).find((f) => f.pointer === fx.pointer);
      if (real) value = real.corrected;
    }
    try { await navigator.clipboard.writeText(value); status.textContent = "copied"; }
    catch (e) { status.textContent = "the browser refused the clipboard: reveal and copy by hand"; }
  });
  return el("div", { class: "fixbox", "data-pointer": fx.pointer },
    el("div", {}, el("strong", {}, "Corrected value "), el("span", { class: "pointer" }, fx.pointer)),
    code, el("div", { class: "buttons" }, copy, reveal, status));
}

document.getElementById("check-run").addEventListener("click", () => runCheck(false));

// Token.
document.getElementById("token-run").addEventListener("click", async () => {
  const out = document.getElementById("token-result");
  const token = document.getElementById("token-input").value;
  if (!token.trim()) { out.replaceChildren(errorBox("Paste a token first.")); return; }
  const url = document.getElementById("token-url").value;
  const method = document.getElementById("token-method").value;
  const data = await api("/api/token", { token, url, method });
  if (data.error) { out.replaceChildren(errorBox(data.error)); return; }
  const t = data.token || {};
  const parts = [el("p", { class: "summary" }, t.summary || "")];
  if (t.permission) {
    const p = t.permission;
    const verdict = p.allowed ? `yes — allowed by ${p.by}` : p.add ? `no — add ${p.add}${p.admin_consent ? " (admin consent needed)" : ""}` : "no";
    parts.push(el("p", { class: `cancall ${p.allowed ? "yes" : "no"}` }, el("strong", {}, `Can it call ${p.call}? `), verdict));
  }
  const explain = (t.explanations && t.explanations.claims) || {};
  if (t.claims) {
    const rows = Object.entries(t.claims).map(([k, v]) => el("tr", {},
      el("th", {}, k), el("td", {}, el("code", {}, JSON.stringify(v))), el("td", {}, explain[k] || "")));
    parts.push(el("table", { class: "claims" }, el("tbody", {}, rows)));
  }
  if (data.findings && data.findings.length) parts.push(el("ul", { class: "findings" }, data.findings.map(findingItem)));
  else parts.push(el("p", { class: "clean" }, "No problems found with this token."));
  const notes = notesList(data.notes);
  if (notes) parts.push(notes);
  out.replaceChildren(...parts);
});

// Diff.
document.getElementById("diff-run").addEventListener("click", async () => {
  const out = document.getElementById("diff-result");
  const request = document.getElementById("diff-request").value;
  const other = document.getElementById("diff-other").value;
  if (!request.trim() || !other.trim()) { out.replaceChildren(errorBox("Paste both requests first.")); return; }
  const isPostman = other.trim().startsWith("{");
  const data = await api("/api/diff", {
    request,
    postman: isPostman ? other : null,
    curl: isPostman ? null : other,
    environment: document.getElementById("diff-environment").value || null,
    name: document.getElementById("diff-name").value || null,
  });
  if (data.error) { out.replaceChildren(errorBox(data.error)); return; }
  const diffs = data.differences || [];
  const parts = [];
  if (data.compared) parts.push(el("p", { class: "compared" }, `Compared with: ${typeof data.compared === "string" ? data.compared : JSON.stringify(data.compared)}`));
  if (diffs.length) {
    parts.push(el("table", { class: "diffs" }, el("thead", {}, el("tr", {}, el("th", {}, ""), el("th", {}, "what"), el("th", {}, "the flow"), el("th", {}, "the one that works"))),
      el("tbody", {}, diffs.map((d) => el("tr", { class: `difference ${d.severity}`, "data-kind": d.kind },
        el("td", {}, el("span", { class: `sev ${d.severity}` }, d.severity)),
        el("td", {}, el("strong", {}, d.name || d.kind), el("div", { class: "message" }, d.message)),
        el("td", {}, el("code", {}, d.flow ?? "—")),
        el("td", {}, el("code", {}, d.reference ?? "—")))))));
  } else {
    parts.push(el("p", { class: "clean" }, "No difference that matters."));
  }
  if (data.findings && data.findings.length) parts.push(el("h3", {}, "Findings in the flow's request"), el("ul", { class: "findings" }, data.findings.map(findingItem)));
  const notes = notesList(data.notes);
  if (notes) parts.push(notes);
  out.replaceChildren(...parts);
});
