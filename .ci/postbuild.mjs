// Trunk post-build hook (runs on the staging directory before it becomes dist/):
//
// 1. Writes the Content-Security-Policy into index.html: no network connection but the app's own
//    files, no third-party anything, inline scripts only by their sha256 hash, WebAssembly allowed
//    ('wasm-unsafe-eval'), nothing else. Trunk's loader is an inline module script, so its hash is
//    computed here from the final text.
// 2. Writes deflect.html: the single-file build. The app's JS glue, its wasm (base64), the CSS,
//    and the worker's glue and wasm are inlined, so the file works when double-clicked (file://),
//    offline, with no server. Browsers do not start a worker from a file:// script URL, but they
//    do from a blob: URL, so the app builds its worker from the inlined blocks (and falls back to
//    the main thread where even that fails). Its CSP allows no connection at all.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) { console.error('postbuild: TRUNK_STAGING_DIR is not set'); process.exit(2); }
const indexPath = path.join(dir, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8');

const sha = text => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const inlineScripts = text => [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map(m => m[1]).filter(s => s.trim());
const inlineStyles = text => [...text.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map(m => m[1]);

function csp({ scripts, styles, connect, worker = "'self'" }) {
  return [
    "default-src 'none'",
    `script-src 'self' 'wasm-unsafe-eval' ${scripts.map(sha).join(' ')}`.trim(),
    `style-src 'self' ${styles.map(sha).join(' ')}`.trim(),
    "img-src 'self' data: blob:",
    `connect-src ${connect}`,
    `worker-src ${worker}`,
    "font-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "manifest-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

function withCsp(doc, policy) {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
  return doc.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, '').replace(/<meta charset="utf-8">/, `<meta charset="utf-8">\n    ${meta}`);
}

// 1. The served build.
html = withCsp(html, csp({ scripts: inlineScripts(html), styles: inlineStyles(html), connect: "'self'" }));
fs.writeFileSync(indexPath, html);

// 2. The single file.
const appJs = fs.readdirSync(dir).find(f => /^app-[0-9a-f]+\.js$/.test(f) || f === 'app.js');
const appWasm = fs.readdirSync(dir).find(f => /^app-[0-9a-f]+_bg\.wasm$/.test(f) || f === 'app_bg.wasm');
if (!appJs || !appWasm) { console.error('postbuild: app JS or wasm not found in', dir); process.exit(1); }
const glue = fs.readFileSync(path.join(dir, appJs), 'utf8');
const wasm64 = fs.readFileSync(path.join(dir, appWasm)).toString('base64');
// Base64 for the glue too: script text inside a data block must not contain `</script` or `<!--`.
const workerGlue64 = fs.readFileSync(path.join(dir, 'worker.js')).toString('base64');
const workerWasm64 = fs.readFileSync(path.join(dir, 'worker_bg.wasm')).toString('base64');
const css = [...html.matchAll(/<link rel="stylesheet" href="\.\/([^"]+)"[^>]*>/g)]
  .map(m => fs.readFileSync(path.join(dir, m[1]), 'utf8')).join('\n');

// The start-up block (a file picker and drop target that work before the wasm has loaded).
const bootMatch = html.match(/<div id="deflect-boot">[\s\S]*?<\/script>/);
if (!bootMatch) { console.error('postbuild: the deflect-boot block is missing from index.html'); process.exit(1); }
const boot = bootMatch[0];

const loader = `
window.DEFLECT_SINGLE_FILE = true;
${glue}
const b64 = document.getElementById('deflect-wasm').textContent.trim();
const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
await __wbg_init({ module_or_path: bytes });
`;
const single = `<!doctype html>
<html lang="en">
<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>Deflect · private customer-service analytics</title>
    <link rel="icon" href="data:,">
    <style>${css}</style>
    <script type="module">${loader}</script>
</head>
<body>
    <noscript>Deflect needs JavaScript and WebAssembly; no data ever leaves this page.</noscript>
    ${boot}
    <script type="application/octet-stream;base64" id="deflect-wasm">${wasm64}</script>
    <script type="application/octet-stream;base64" id="deflect-worker-js">${workerGlue64}</script>
    <script type="application/octet-stream;base64" id="deflect-worker-wasm">${workerWasm64}</script>
</body>
</html>
`;
// Data blocks (<script type="application/…" or "text/plain">) are never executed: only the
// module loader and the start-up script need a hash.
const executable = [...single.matchAll(/<script(?: type="module")?>([\s\S]*?)<\/script>/g)].map(m => m[1]);
const singleHtml = withCsp(single, csp({ scripts: executable, styles: inlineStyles(single), connect: "'none'", worker: 'blob:' }));
fs.writeFileSync(path.join(dir, 'deflect.html'), singleHtml);
const kb = n => `${(n / 1024).toFixed(0)} KiB`;
console.log(`postbuild: CSP written; deflect.html ${kb(Buffer.byteLength(singleHtml))} (app wasm ${kb(wasm64.length * 3 / 4)}, worker wasm ${kb(workerWasm64.length * 3 / 4)})`);
