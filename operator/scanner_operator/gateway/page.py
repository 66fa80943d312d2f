"""The web page at `/`: the jobs of the key's namespace with live progress (over the WebSocket), counts, errors and
log tail, and an upload form with drag and drop. One self-contained HTML document; the API key stays in the
browser's localStorage and is sent as X-API-Key."""

from __future__ import annotations

import html

_PAGE = r"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Phoenix Scanner Service</title>
<style>
  :root { --fg:#1d2733; --muted:#5f6b7a; --line:#d9dee5; --accent:#e0531f; --ok:#1f8f4e; --bad:#c0322b; }
  * { box-sizing: border-box; }
  body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:#f5f7fa; }
  header { background:#16202c; color:#fff; padding:12px 24px; display:flex; align-items:center; gap:16px; }
  header h1 { font-size:18px; margin:0; font-weight:600; }
  header .version { color:#9fb0c3; font-size:12px; }
  header .key { margin-left:auto; display:flex; gap:8px; align-items:center; }
  header input { width:260px; padding:5px 8px; border-radius:4px; border:1px solid #42536a; background:#223042; color:#fff; }
  main { padding:20px 24px; display:grid; gap:20px; grid-template-columns: 360px 1fr; align-items:start; }
  section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:16px; }
  h2 { font-size:15px; margin:0 0 12px; }
  label { display:block; margin:8px 0 3px; color:var(--muted); font-size:12px; }
  input[type=text], select { width:100%; padding:6px 8px; border:1px solid var(--line); border-radius:4px; }
  #drop { border:2px dashed var(--line); border-radius:8px; padding:22px 10px; text-align:center; color:var(--muted); cursor:pointer; }
  #drop.over { border-color:var(--accent); background:#fff4ef; }
  #drop strong { color:var(--fg); }
  button { background:var(--accent); color:#fff; border:0; border-radius:4px; padding:8px 14px; font-weight:600; cursor:pointer; margin-top:12px; }
  button.secondary { background:#e9edf2; color:var(--fg); margin:0; padding:4px 10px; font-weight:500; }
  #upload-status { margin-top:10px; min-height:1.4em; }
  .error { color:var(--bad); }
  table { width:100%; border-collapse:collapse; }
  th, td { text-align:left; padding:8px 6px; border-bottom:1px solid var(--line); vertical-align:top; }
  th { color:var(--muted); font-weight:500; font-size:12px; }
  .bar { height:8px; background:#e9edf2; border-radius:4px; overflow:hidden; width:140px; margin-top:4px; }
  .bar > div { height:100%; background:var(--accent); width:0; transition:width .3s; }
  tr.completed .bar > div { background:var(--ok); }
  tr.failed .bar > div, tr.cancelled .bar > div { background:var(--bad); }
  .badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; background:#e9edf2; }
  tr.completed .badge { background:#dcf3e5; color:var(--ok); }
  tr.failed .badge, tr.cancelled .badge { background:#fbe3e1; color:var(--bad); }
  tr.processing .badge { background:#fff0e8; color:var(--accent); }
  .logs { font:11px/1.4 ui-monospace, monospace; color:var(--muted); white-space:pre-wrap; max-width:520px; margin-top:4px; }
  .err { color:var(--bad); max-width:520px; }
  .muted { color:var(--muted); }
</style>
</head>
<body>
<header>
  <h1>Phoenix Scanner Service</h1><span class="version">gateway __VERSION__ · Phoenix Scanner Operator</span>
  <div class="key"><label for="api-key" style="margin:0;color:#9fb0c3">API key</label>
    <input id="api-key" type="password" placeholder="X-API-Key" autocomplete="off">
    <button class="secondary" id="save-key" type="button">Use key</button></div>
</header>
<main>
  <section>
    <h2>Upload a report</h2>
    <form id="upload-form">
      <div id="drop" tabindex="0"><strong>Drop a scanner report here</strong><br>or click to choose a file
        <div id="chosen" class="muted"></div></div>
      <input id="file" name="file" type="file" hidden>
      <label for="scanner_type">Scanner type</label>
      <input id="scanner_type" name="scanner_type" type="text" value="auto" list="scanner-list">
      <datalist id="scanner-list"></datalist>
      <label for="assessment_name">Assessment name (optional)</label>
      <input id="assessment_name" name="assessment_name" type="text">
      <label for="import_type">Import type</label>
      <select id="import_type" name="import_type"><option>new</option><option>merge</option><option>delta</option></select>
      <button id="upload-button" type="submit">Upload</button>
      <div id="upload-status"></div>
      <p class="muted" style="font-size:12px">Limit __MAXMB__ MB. Phoenix credentials: the namespace's default Secret.</p>
    </form>
  </section>
  <section>
    <h2>Jobs <span id="job-count" class="muted"></span> <button class="secondary" id="refresh" type="button">Refresh</button></h2>
    <div id="jobs-message" class="muted">Enter your API key to see the jobs of its namespace.</div>
    <table id="jobs" hidden>
      <thead><tr><th>Job</th><th>Status / progress</th><th>Assets</th><th>Findings</th><th>Details</th><th></th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
</main>
<script>
"use strict";
const TERMINAL = ["completed", "failed", "cancelled"];
const sockets = {};
const rows = {};
const $ = (id) => document.getElementById(id);
let apiKey = localStorage.getItem("phoenixScannerApiKey") || "";
$("api-key").value = apiKey;

function headers() { return {"X-API-Key": apiKey}; }
function wsBase() { return (location.protocol === "https:" ? "wss://" : "ws://") + location.host; }

function cell(tr, cls) { const td = document.createElement("td"); if (cls) td.className = cls; tr.appendChild(td); return td; }

function ensureRow(job) {
  let r = rows[job.job_id];
  if (r) return r;
  const tr = document.createElement("tr");
  tr.id = "job-" + job.job_id;
  const id = cell(tr); const status = cell(tr); const assets = cell(tr, "assets"); const vulns = cell(tr, "vulns");
  const details = cell(tr); const actions = cell(tr);
  const name = document.createElement("div"); name.className = "filename"; id.appendChild(name);
  const jid = document.createElement("div"); jid.className = "muted jobid"; jid.textContent = job.job_id; id.appendChild(jid);
  const badge = document.createElement("span"); badge.className = "badge status"; status.appendChild(badge);
  const pct = document.createElement("span"); pct.className = "muted pct"; pct.style.marginLeft = "6px"; status.appendChild(pct);
  const bar = document.createElement("div"); bar.className = "bar"; const fill = document.createElement("div"); bar.appendChild(fill); status.appendChild(bar);
  const err = document.createElement("div"); err.className = "err"; details.appendChild(err);
  const logs = document.createElement("div"); logs.className = "logs"; details.appendChild(logs);
  const cancel = document.createElement("button"); cancel.className = "secondary"; cancel.type = "button"; cancel.textContent = "Cancel";
  cancel.onclick = () => cancelJob(job.job_id); actions.appendChild(cancel);
  $("jobs").querySelector("tbody").prepend(tr);
  r = rows[job.job_id] = {tr, name, badge, pct, fill, assets, vulns, err, logs, cancel, lines: []};
  return r;
}

function render(job) {
  const r = ensureRow(job);
  r.tr.className = job.status;
  r.name.textContent = (job.filename || "") + (job.scanner_type ? "  ·  " + job.scanner_type : "");
  r.badge.textContent = job.status;
  const p = Number(job.progress || 0);
  r.pct.textContent = p.toFixed(0) + "%" + (job.current_step && !TERMINAL.includes(job.status) ? " · " + job.current_step : "");
  r.fill.style.width = p + "%";
  r.assets.textContent = job.assets_imported ?? "–";
  r.vulns.textContent = job.vulnerabilities_imported ?? "–";
  r.err.textContent = job.error_message || "";
  if (job.recent_logs) { r.lines = job.recent_logs.slice(-4); }
  r.logs.textContent = r.lines.join("\n");
  r.cancel.textContent = TERMINAL.includes(job.status) ? "Delete" : "Cancel";
  r.job = job;
}

function follow(job) {
  if (TERMINAL.includes(job.status) || sockets[job.job_id]) return;
  const ws = new WebSocket(wsBase() + "/ws/" + job.job_id);
  sockets[job.job_id] = ws;
  ws.onmessage = (ev) => {
    const m = JSON.parse(ev.data); const r = rows[job.job_id]; if (!r) return;
    const j = Object.assign({}, r.job);
    if (m.type === "log") {
      r.lines.push(m.data.timestamp ? m.data.timestamp.replace("T", " ").replace("Z", "") + " - " + m.data.level + " - " + m.data.message : m.data.message);
      r.lines = r.lines.slice(-4); j.recent_logs = null;
    } else if (m.type === "progress") {
      Object.assign(j, {progress: m.data.progress, status: m.data.status, current_step: m.data.current_step,
        assets_imported: m.data.assets_imported, vulnerabilities_imported: m.data.vulnerabilities_imported});
      j.recent_logs = null;
    } else if (m.type === "complete") {
      Object.assign(j, {status: "completed", progress: 100, assets_imported: m.data.assets_imported,
        vulnerabilities_imported: m.data.vulnerabilities_imported}); j.recent_logs = null;
    } else if (m.type === "error") {
      Object.assign(j, {status: m.data.status || "failed", error_message: m.data.error_message}); j.recent_logs = null;
    } else { return; }
    render(j);
  };
  ws.onclose = () => { delete sockets[job.job_id]; };
}

async function loadJobs() {
  if (!apiKey) return;
  const res = await fetch("/api/v1/jobs?page_size=100", {headers: headers()});
  if (res.status === 401) { $("jobs-message").textContent = "That API key was not accepted."; $("jobs").hidden = true; return; }
  const body = await res.json();
  $("jobs-message").textContent = body.total ? "" : "No jobs yet in this namespace.";
  $("jobs").hidden = !body.total;
  $("job-count").textContent = body.total ? "(" + body.total + ")" : "";
  body.jobs.slice().reverse().forEach((job) => { render(job); follow(job); });
}

async function cancelJob(id) {
  const res = await fetch("/api/v1/jobs/" + id, {method: "DELETE", headers: headers()});
  const body = await res.json();
  if (res.ok && body.message && body.message.startsWith("Job deleted")) {
    rows[id].tr.remove(); delete rows[id];
  } else if (res.ok) {
    const fresh = await (await fetch("/api/v1/jobs/" + id, {headers: headers()})).json(); render(fresh);
  }
}

function chooseFile(file) {
  const dt = new DataTransfer(); dt.items.add(file); $("file").files = dt.files;
  $("chosen").textContent = file.name + " (" + Math.ceil(file.size / 1024) + " KB)";
}

const drop = $("drop");
drop.onclick = () => $("file").click();
$("file").onchange = () => { if ($("file").files[0]) chooseFile($("file").files[0]); };
["dragenter", "dragover"].forEach((e) => drop.addEventListener(e, (ev) => { ev.preventDefault(); drop.classList.add("over"); }));
["dragleave", "drop"].forEach((e) => drop.addEventListener(e, (ev) => { ev.preventDefault(); drop.classList.remove("over"); }));
drop.addEventListener("drop", (ev) => { if (ev.dataTransfer.files[0]) chooseFile(ev.dataTransfer.files[0]); });

$("upload-form").onsubmit = (ev) => {
  ev.preventDefault();
  const status = $("upload-status");
  if (!apiKey) { status.innerHTML = ""; status.className = "error"; status.textContent = "Enter your API key first."; return; }
  if (!$("file").files[0]) { status.className = "error"; status.textContent = "Choose or drop a report first."; return; }
  const data = new FormData($("upload-form"));
  if (!data.get("assessment_name")) data.delete("assessment_name");
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/api/v1/upload");
  xhr.setRequestHeader("X-API-Key", apiKey);
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) { status.className = ""; status.textContent = "Uploading… " + Math.round(100 * e.loaded / e.total) + "%"; } };
  xhr.onload = () => {
    let body = {}; try { body = JSON.parse(xhr.responseText); } catch (e) {}
    if (xhr.status === 200) {
      status.className = ""; status.textContent = "Queued as " + body.job_id;
      $("jobs").hidden = false; $("jobs-message").textContent = "";
      const job = {job_id: body.job_id, status: "queued", progress: 0, filename: $("file").files[0].name,
        scanner_type: data.get("scanner_type"), recent_logs: []};
      render(job); follow(job);
    } else { status.className = "error"; status.textContent = "Upload refused (" + xhr.status + "): " + (body.detail || xhr.statusText); }
  };
  xhr.onerror = () => { status.className = "error"; status.textContent = "Upload failed: the gateway could not be reached."; };
  xhr.send(data);
};

$("save-key").onclick = () => {
  apiKey = $("api-key").value.trim(); localStorage.setItem("phoenixScannerApiKey", apiKey);
  Object.values(sockets).forEach((s) => s.close());
  Object.keys(rows).forEach((k) => { rows[k].tr.remove(); delete rows[k]; });
  loadJobs();
};
$("refresh").onclick = loadJobs;

fetch("/api/v1/scanners").then((r) => r.json()).then((b) => {
  const list = $("scanner-list");
  b.scanners.forEach((s) => { const o = document.createElement("option"); o.value = s; list.appendChild(o); });
}).catch(() => {});
loadJobs();
</script>
</body>
</html>
"""


def render(version: str, max_upload_mb: int) -> str:
    return _PAGE.replace("__VERSION__", html.escape(version)).replace("__MAXMB__", str(int(max_upload_mb)))
