// The benchmark (not a test): Deflect in its Web Worker against DuckDB-WASM and Papa Parse in the
// same headless Chromium, plus the native command, the app's drop-to-dashboard path and start-up.
//
//   node run.mjs [--runs N] [--quick] [--json FILE]
//
// Needs: dist/ built (`trunk build --release`), target/release/deflect (or $DEFLECT_BIN), and the
// npm packages of this directory. `tests/bench/run` does all of that and then calls this.
// Memory is the renderer process's peak resident set (VmHWM, reset through /proc/PID/clear_refs
// before each job) minus its resident set at that moment: page, workers, wasm and JS heaps alike.
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import zlib from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { generate, COLUMNS } from './gen.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const ROOT = path.resolve(HERE, '../..');
const DIST = process.env.DEFLECT_DIST || path.join(ROOT, 'dist');
const DATA = path.join(HERE, 'data');
const TARGET = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
const NATIVE = process.env.DEFLECT_BIN || path.join(TARGET, 'release/deflect');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const RUNS = Number(opt('--runs', 3));
const QUICK = args.includes('--quick');
// --big: also a 1 GB export (8M rows, generated once into data/), one run, Deflect alone.
const BIG = args.includes('--big');
const log = (...a) => console.error('bench:', ...a);

// ---------------------------------------------------------------------------------------------
// Static server on 127.0.0.1: /app/ the built app, /bench/ the bench page, /npm/ its packages.

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
function serve() {
  const roots = [['/app/', DIST], ['/bench/', path.join(HERE, 'page')], ['/npm/', path.join(HERE, 'node_modules')]];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const hit = roots.find(([p]) => url.pathname.startsWith(p));
    if (!hit) { res.writeHead(404); res.end(); return; }
    let rel = decodeURIComponent(url.pathname.slice(hit[0].length)) || 'index.html';
    const file = path.join(hit[1], rel);
    if (!file.startsWith(hit[1]) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); res.end('not found'); return; }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise(r => server.listen(0, '127.0.0.1', () => r({ url: `http://127.0.0.1:${server.address().port}`, close: () => { server.closeAllConnections(); server.close(); } })));
}

// ---------------------------------------------------------------------------------------------
// Memory of the browser's renderer processes (descendants of this process).

function descendants(root) {
  const kids = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch { /* gone */ }
  }
  const out = [];
  const walk = p => { for (const k of kids.get(p) || []) { out.push(k); walk(k); } };
  walk(root);
  return out;
}
function renderers() {
  return descendants(process.pid).filter(p => { try { return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('--type=renderer'); } catch { return false; } });
}
const statusKb = (pid, key) => { try { return Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${key}:\\s+(\\d+)`))[1]); } catch { return 0; } };
/** Resets the peak counters; returns a function giving the peak extra MB since. */
function memoryProbe() {
  const pids = renderers();
  const base = new Map(pids.map(p => { try { fs.writeFileSync(`/proc/${p}/clear_refs`, '5'); } catch { /* not allowed */ } return [p, statusKb(p, 'VmRSS')]; }));
  return () => pids.reduce((s, p) => s + Math.max(0, statusKb(p, 'VmHWM') - base.get(p)), 0) * 1024 / 1e6;
}

// ---------------------------------------------------------------------------------------------

const LAUNCH = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
async function browser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: LAUNCH });
}

/** A fresh browser on the bench page with `file` (and `small`) in its inputs. */
async function benchPage(server, file, small) {
  const b = await browser();
  const page = await b.newPage();
  const problems = [];
  page.on('pageerror', e => problems.push(e.message));
  page.on('console', m => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto(`${server.url}/bench/index.html`);
  await page.waitForFunction(() => window.benchReady === true);
  await page.setInputFiles('#file', file);
  if (small) await page.setInputFiles('#small', small);
  return { page, problems, close: () => b.close() };
}

const median = xs => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };

/** Runs `body(page)` in `RUNS` fresh browsers; medians of each numeric field, the first run's rest. */
async function repeated(name, server, file, start, body, runs = RUNS, small = null) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const p = await benchPage(server, file, small);
    try {
      const started = start ? await p.page.evaluate(start) : {};
      const peak = memoryProbe();
      const r = await body(p.page);
      r.peakMb = peak();
      results.push({ ...started, ...r });
      log(`${name} run ${i + 1}/${runs}: ${(r.ms / 1000).toFixed(3)} s, peak +${r.peakMb.toFixed(0)} MB`);
    } catch (e) {
      log(`${name} run ${i + 1} failed: ${e.message}; page said: ${p.problems.join(' | ')}`);
      results.push({ error: e.message });
    } finally {
      await p.close();
    }
  }
  const ok = results.filter(r => !r.error);
  if (!ok.length) return { error: results[0].error };
  const out = { ...ok[0], runs: ok.length };
  for (const k of Object.keys(ok[0])) if (typeof ok[0][k] === 'number') out[k] = median(ok.map(r => r[k]));
  out.all = ok.map(r => r.ms);
  return out;
}

function agree(a, b) {
  const diffs = [];
  const keys = new Set([...Object.keys(a.count), ...Object.keys(b.count)]);
  for (const k of keys) if (a.count[k] !== b.count[k]) diffs.push(`count[${k}] ${a.count[k]} vs ${b.count[k]}`);
  for (const k of keys) if (Math.abs((a.frtMedian[k] ?? NaN) - (b.frtMedian[k] ?? NaN)) > 1e-6 || a.frtMedian[k] === undefined) diffs.push(`median frt[${k}] ${a.frtMedian[k]} vs ${b.frtMedian[k]}`);
  if (Math.abs(a.within24 - b.within24) > 1e-12) diffs.push(`within 24 h ${a.within24} vs ${b.within24}`);
  a.heat.forEach((n, i) => { if (n !== b.heat[i]) diffs.push(`heat[${i}] ${n} vs ${b.heat[i]}`); });
  return diffs;
}

function native(file) {
  const times = [];
  let rss = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', NATIVE, 'report', '--json', '--tz', 'UTC', file], { maxBuffer: 1 << 30, encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) return { error: r.stderr.trim().split('\n')[0] };
    rss = Math.max(rss, Number(r.stderr.trim().split('\n').pop()) * 1024 / 1e6);
  }
  return { ms: median(times), all: times, peakMb: rss };
}

/** The app as a user meets it: start-up, then a drop of `file`, until the dashboard shows it. */
async function appRun(server, file) {
  const b = await browser();
  const page = await b.newPage();
  await page.addInitScript(() => {
    window.__perf = { longtasks: [], marks: {} };
    new PerformanceObserver(l => { for (const e of l.getEntries()) window.__perf.longtasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
    const mark = (k, ok) => { if (!(k in window.__perf.marks) && ok()) window.__perf.marks[k] = performance.now(); };
    const check = () => {
      mark('input', () => document.querySelector('[data-testid=file-input]'));
      mark('dashboard', () => document.querySelector('[data-testid=dashboard] [data-metric]') && !document.querySelector('[data-testid=progress]'));
      const want = window.__perf.want;
      if (want && window.__perf.marks.drop !== undefined) {
        mark('ready', () => [...document.querySelectorAll('[data-testid=file]')].some(e => e.dataset.file === want && e.dataset.rows)
          && !document.querySelector('[data-testid=progress]') && document.querySelector('[data-metric="contact_volume"]'));
      }
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
    document.addEventListener('change', e => { if (e.target.matches && e.target.matches('[data-testid=file-input]')) window.__perf.marks.drop = performance.now(); }, true);
  });
  await page.goto(`${server.url}/app/`);
  await page.waitForFunction(() => window.__perf.marks.dashboard !== undefined, null, { timeout: 60000 });
  const nav = await page.evaluate(() => { const n = performance.getEntriesByType('navigation')[0]; return { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd }; });
  const start = await page.evaluate(() => ({ ...window.__perf.marks }));
  await page.evaluate(name => { window.__perf.want = name; window.__perf.longtasks = []; }, path.basename(file));
  const peak = memoryProbe();
  await page.setInputFiles('[data-testid=file-input]', file);
  await page.waitForFunction(() => window.__perf.marks.ready !== undefined, null, { timeout: 600000, polling: 100 });
  const peakMb = peak();
  const m = await page.evaluate(() => window.__perf);
  const during = m.longtasks.filter(([t]) => t >= m.marks.drop);
  await b.close();
  return {
    inputMs: start.input, sampleDashboardMs: start.dashboard, loadEventMs: nav.load,
    dropToReadyMs: m.marks.ready - m.marks.drop, peakMb,
    longTasks: during.length, longestTaskMs: during.reduce((a, [, d]) => Math.max(a, d), 0),
  };
}

function wasmSizes() {
  const out = {};
  for (const f of fs.readdirSync(DIST).filter(f => f.endsWith('.wasm'))) {
    const raw = fs.readFileSync(path.join(DIST, f));
    out[f.replace(/-[0-9a-f]{16}(_bg)?\.wasm$/, '$1.wasm')] = { raw: raw.length, gzip: zlib.gzipSync(raw, { level: 9 }).length };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

const MB = n => n / 1e6;
const fmt = (x, d = 2) => (x === undefined || x === null || Number.isNaN(x) ? '-' : Number(x).toFixed(d));

async function main() {
  if (!fs.existsSync(path.join(DIST, 'worker_loader.js'))) throw new Error(`no built app in ${DIST}: run trunk build --release`);
  if (!fs.existsSync(NATIVE)) throw new Error(`no native binary at ${NATIVE}`);
  const files = generate(DATA, null, BIG);
  const small = path.join(DATA, 'tickets-1k.csv');
  {
    // The first 1,000 rows of the 1M file (for the cancel test).
    const fd = fs.openSync(files['tickets-1m.csv'], 'r');
    const buf = Buffer.alloc(200_000);
    fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    fs.writeFileSync(small, buf.toString('utf8').split('\n').slice(0, 1001).join('\n') + '\n');
  }
  const server = await serve();
  const size = f => fs.statSync(f).size;
  const csv1 = files['tickets-1m.csv'], csv3 = files['tickets-3m.csv'];
  const res = { machine: { cores: (await import('node:os')).cpus().length, chromium: '' }, sizes: {} };
  for (const [k, f] of Object.entries(files)) res.sizes[k] = size(f);
  try {
    log('Deflect, 1M CSV');
    res.deflect1m = await repeated('deflect 1M', server, csv1, () => window.bench.deflectStart(), p => p.evaluate(() => window.bench.deflectLoad()));
    log('DuckDB-WASM, 1M CSV');
    res.duckdb1m = await repeated('duckdb 1M', server, csv1, () => window.bench.duckdbStart(), p => p.evaluate(() => window.bench.duckdbRun()));
    log('Papa Parse, 1M CSV');
    res.papa1m = await repeated('papa 1M', server, csv1, null, p => p.evaluate(() => window.bench.papaRun()), QUICK ? 1 : RUNS);
    log('Deflect, 3M CSV');
    res.deflect3m = await repeated('deflect 3M', server, csv3, () => window.bench.deflectStart(), p => p.evaluate(() => window.bench.deflectLoad()), QUICK ? 1 : RUNS);
    log('Deflect, XLSX and JSON');
    res.deflectXlsx = await repeated('deflect xlsx', server, files['tickets-100k.xlsx'], () => window.bench.deflectStart(), p => p.evaluate(() => window.bench.deflectLoad('file', false)));
    res.deflectJson = await repeated('deflect json', server, files['tickets-1m.json'], () => window.bench.deflectStart(), p => p.evaluate(() => window.bench.deflectLoad('file', false)), QUICK ? 1 : RUNS);
    if (BIG) {
      log('Deflect, 1 GB CSV (8M rows)');
      res.deflect8m = await repeated('deflect 8M', server, files['tickets-8m.csv'], () => window.bench.deflectStart(), p => p.evaluate(() => window.bench.deflectLoad('file', false)), 1);
    }
    log('Deflect: recompute, cancel');
    res.recompute = await repeated('recompute', server, csv1, () => window.bench.deflectStart(), async p => {
      await p.evaluate(() => window.bench.deflectLoad('file', false));
      const UTC = { time_zone: 'UTC' };
      const none = { channels: [], teams: [], agents: [], issue_types: [] };
      // A filter on, the filter off (both change which contacts are looked at), then a setting
      // alone on the unfiltered million (only the metrics that read it are recomputed).
      const filter = await p.evaluate(s => window.bench.deflectRecompute(s), { params: UTC, filters: { ...none, channels: ['email'] } });
      const unfilter = await p.evaluate(s => window.bench.deflectRecompute(s), { params: UTC, filters: none });
      const setting = await p.evaluate(s => window.bench.deflectRecompute(s), { params: { ...UTC, repeat_window_s: '172800' }, filters: none });
      return { ms: Math.max(filter.ms, unfilter.ms, setting.ms), filterMs: filter.ms, unfilterMs: unfilter.ms, settingMs: setting.ms, filteredContacts: filter.contacts };
    });
    res.cancel = await repeated('cancel', server, csv1, () => window.bench.deflectStart(), p => p.evaluate(() => window.bench.deflectCancel(700)), RUNS, small);
    log('The app: start-up and drop to dashboard');
    const apps = [];
    for (let i = 0; i < RUNS; i++) { apps.push(await appRun(server, csv1)); log(`app run ${i + 1}: drop to ready ${(apps[i].dropToReadyMs / 1000).toFixed(2)} s`); }
    res.app = {};
    for (const k of Object.keys(apps[0])) res.app[k] = median(apps.map(a => a[k]));
    res.app.longestTaskMs = Math.max(...apps.map(a => a.longestTaskMs));
    res.wasm = wasmSizes();
    log('native deflect report --json');
    res.native = { csv1m: native(csv1), csv3m: native(csv3), xlsx: native(files['tickets-100k.xlsx']), json: native(files['tickets-1m.json']) };
    if (BIG) res.native.csv8m = native(files['tickets-8m.csv']);
  } finally {
    server.close();
  }
  report(res);
  const out = opt('--json', path.join(DATA, 'results.json'));
  fs.writeFileSync(out, JSON.stringify(res, null, 2));
  log(`results written to ${out}`);
}

function report(r) {
  const lines = [];
  const p = s => lines.push(s);
  const s1 = r.sizes['tickets-1m.csv'];
  const d = r.deflect1m, k = r.duckdb1m, pa = r.papa1m;
  const diffsK = d.agg && k.agg ? agree(d.agg, k.agg) : ['no result'];
  const diffsP = d.agg && pa.agg ? agree(d.agg, pa.agg) : ['no result'];
  p(`1M-row ticket CSV (${fmt(MB(s1), 1)} MB, ${COLUMNS.length} columns), four aggregates, headless Chromium, medians of ${RUNS} runs`);
  p('');
  p('| tool | start-up s | time s | MB/s | rows/s | peak extra MB | × file | time vs Deflect | memory vs Deflect |');
  p('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const row = (name, x, rows) => p(`| ${name} | ${fmt((x.startMs ?? 0) / 1000)} | ${fmt(x.ms / 1000, 3)} | ${fmt(MB(s1) / (x.ms / 1000), 0)} | ${fmt(rows / (x.ms / 1000) / 1e6, 2)} M | ${fmt(x.peakMb, 0)} | ${fmt(x.peakMb / MB(s1), 2)} | ${fmt(x.ms / d.ms, 1)}× | ${fmt(x.peakMb / d.peakMb, 1)}× |`);
  row('Deflect (worker, whole dashboard)', d, d.rows);
  if (!k.error) row('DuckDB-WASM 1.32', k, k.rows); else p(`| DuckDB-WASM | failed: ${k.error} |`);
  if (!pa.error) row('Papa Parse 5 + plain JS (worker)', pa, pa.rows); else p(`| Papa Parse | failed: ${pa.error} |`);
  p('');
  p(`Aggregates agree: DuckDB ${diffsK.length ? 'NO: ' + diffsK.slice(0, 5).join('; ') : 'yes'}; Papa Parse ${diffsP.length ? 'NO: ' + diffsP.slice(0, 5).join('; ') : 'yes'}`);
  p('');
  p('| Deflect | size MB | rows | time s | MB/s | rows/s | cells/s | peak extra MB | native s | native peak RSS MB |');
  p('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const drow = (name, key, x, nat) => {
    const size = r.sizes[key];
    if (x.error) { p(`| ${name} | failed: ${x.error} |`); return; }
    if (nat.error) nat = { ms: NaN, peakMb: NaN };
    p(`| ${name} | ${fmt(MB(size), 1)} | ${x.rows} | ${fmt(x.ms / 1000, 3)} | ${fmt(MB(size) / (x.ms / 1000), 0)} | ${fmt(x.rows / (x.ms / 1000) / 1e6, 2)} M | ${fmt(x.rows * COLUMNS.length / (x.ms / 1000) / 1e6, 2)} M | ${fmt(x.peakMb, 0)} | ${fmt(nat.ms / 1000, 3)} | ${fmt(nat.peakMb, 0)} |`);
  };
  drow('CSV 1M', 'tickets-1m.csv', d, r.native.csv1m);
  drow('CSV 3M', 'tickets-3m.csv', r.deflect3m, r.native.csv3m);
  drow('XLSX 100k', 'tickets-100k.xlsx', r.deflectXlsx, r.native.xlsx);
  drow('JSON 1M', 'tickets-1m.json', r.deflectJson, r.native.json);
  if (r.deflect8m) drow('CSV 8M (1 GB)', 'tickets-8m.csv', r.deflect8m, r.native.csv8m);
  p('');
  p(`3M / 1M time: ${fmt(r.deflect3m.ms / d.ms, 2)}×`);
  p(`Worker: slowest gap between messages during a 1M load ${fmt(d.maxGapMs, 0)} ms (${d.messages} messages); engine compute ${fmt(d.computeMs, 0)} ms`);
  const gap = (name, x) => (x && !x.error ? [`${name} ${fmt(x.maxGapMs, 0)} ms (ended by "${x.maxGapBefore}")`] : []);
  p(`Slowest gap between the worker's messages, per load: ${[...gap('CSV 1M', d), ...gap('CSV 3M', r.deflect3m), ...gap('XLSX', r.deflectXlsx), ...gap('JSON', r.deflectJson), ...gap('CSV 8M', r.deflect8m)].join('; ')}`);
  p(`Recompute on 1M contacts: filter on (channel = email) ${fmt(r.recompute.filterMs, 0)} ms, filter off ${fmt(r.recompute.unfilterMs, 0)} ms, setting alone (repeat window) ${fmt(r.recompute.settingMs, 0)} ms`);
  p(`Cancel at 0.7 s, then a 1k-row file: answered ${fmt(r.cancel.ms, 0)} ms after the cancel (the cancelled load ${r.cancel.bigFinished ? 'had finished' : 'was dropped'})`);
  p(`App: drop of the 1M CSV to dashboard ready ${fmt(r.app.dropToReadyMs / 1000, 2)} s, peak extra ${fmt(r.app.peakMb, 0)} MB; main-thread long tasks ${r.app.longTasks}, longest ${fmt(r.app.longestTaskMs, 0)} ms`);
  p(`Start-up: file input after ${fmt(r.app.inputMs, 0)} ms, sample dashboard after ${fmt(r.app.sampleDashboardMs, 0)} ms (load event ${fmt(r.app.loadEventMs, 0)} ms)`);
  p(`wasm: ${Object.entries(r.wasm).map(([f, s]) => `${f} ${fmt(s.raw / 1e6, 2)} MB (${fmt(s.gzip / 1e6, 2)} MB gzip)`).join(', ')}`);
  console.log(lines.join('\n'));
}

main().catch(e => { console.error(e); process.exit(1); });
