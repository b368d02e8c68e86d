// The benchmark page: runs Deflect (its real worker, its real message format), DuckDB-WASM and
// Papa Parse on the file the runner put in `#file`, and returns timings and the four aggregates:
// count by channel, median first response by channel (s), share solved within 24 h, weekday ×
// hour counts (UTC, Monday first).
import * as duckdb from '/npm/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const input = id => document.getElementById(id).files[0];
const UTC = { params: { time_zone: 'UTC' }, filters: { channels: [], teams: [], agents: [], issue_types: [] } };

// ---- Deflect: worker_loader.js from the built app, messages as src/worker.rs::encode_message.
let deflect = null;

async function deflectStart() {
  const t0 = performance.now();
  const w = new Worker('/app/worker_loader.js');
  const listeners = new Set();
  const ready = new Promise((resolve, reject) => {
    w.onmessage = ev => {
      const t = performance.now();
      const r = JSON.parse(ev.data);
      if (r.type === 'ready') resolve();
      for (const l of listeners) l(r, t);
    };
    w.onerror = e => reject(new Error(e.message));
  });
  await ready;
  deflect = { w, listeners };
  return { startMs: performance.now() - t0 };
}

function deflectJob(request, files = []) {
  return new Promise(resolve => {
    const msgs = [];
    const t0 = performance.now();
    const l = (r, t) => {
      if (r.job !== request.job) return;
      msgs.push({ t: t - t0, what: r.type === 'progress' ? (r.stage || 'reading') : r.type });
      if (r.type === 'done' || r.type === 'failed') { deflect.listeners.delete(l); resolve({ ms: t - t0, r, msgs }); }
    };
    deflect.listeners.add(l);
    deflect.w.postMessage({ json: JSON.stringify(request), files });
  });
}

function deflectAgg(analysis) {
  const m = analysis.report.metrics;
  const count = {}, frtMedian = {};
  for (const r of m) {
    if (r.id === 'contact_volume' && r.by === 'channel') count[r.group] = r.value;
    if (r.id === 'first_response_time' && r.by === 'channel') frtMedian[r.group] = r.median;
  }
  const c = m.find(r => r.id === 'resolution_time' && !r.by).counts;
  const total = Object.values(c).reduce((a, b) => a + b, 0);
  const within24 = (c['<1h'] + c['1-2h'] + c['2-6h'] + c['6-12h'] + c['12-24h']) / total;
  const hm = m.find(r => r.id === 'volume_heatmap').counts;
  const heat = [];
  for (const d of WEEKDAYS) for (let h = 0; h < 24; h++) heat.push(hm[`${d} ${String(h).padStart(2, '0')}`]);
  return { count, frtMedian, within24, heat };
}

let jobs = 0;
async function deflectLoad(id = 'file', withAgg = true) {
  const f = input(id);
  const job = ++jobs;
  const { ms, r, msgs } = await deflectJob({ type: 'load', job, names: [f.name], choices: [{}], sample: false, settings: UTC }, [f]);
  if (r.type !== 'done') throw new Error(`deflect failed: ${r.message}`);
  // Each gap is named by the message that ends it: what the worker was doing until then.
  const gaps = msgs.map((m, i) => ({ ms: m.t - (i ? msgs[i - 1].t : 0), before: m.what }));
  const slowest = gaps.reduce((a, g) => (g.ms > a.ms ? g : a));
  const a = r.analysis;
  const file = a.files[0];
  return { ms, computeMs: a.compute_ms, rows: file.rows, used: file.used, rejected: file.rejected, format: file.format,
    maxGapMs: slowest.ms, maxGapBefore: slowest.before, messages: msgs.length, agg: withAgg ? deflectAgg(a) : null };
}

async function deflectRecompute(settings) {
  const job = ++jobs;
  const { ms, r } = await deflectJob({ type: 'recompute', job, settings });
  if (r.type !== 'done') throw new Error(`recompute failed: ${r.message}`);
  return { ms, computeMs: r.analysis.compute_ms, contacts: r.analysis.report.metrics.find(m => m.id === 'contact_volume' && !m.by).value };
}

/** Starts a load of `#file`, cancels it after `afterMs`, then loads `#small`: how long until that answers. */
async function deflectCancel(afterMs) {
  const f = input('file');
  const job = ++jobs;
  const big = deflectJob({ type: 'load', job, names: [f.name], choices: [{}], sample: false, settings: UTC }, [f]);
  let bigDone = false;
  big.then(() => { bigDone = true; });
  await new Promise(r => setTimeout(r, afterMs));
  const t0 = performance.now();
  deflect.w.postMessage({ json: JSON.stringify({ type: 'cancel', job }), files: [] });
  const s = input('small');
  const small = await deflectJob({ type: 'load', job: ++jobs, names: [s.name], choices: [{}], sample: false, settings: UTC }, [s]);
  return { ms: performance.now() - t0, bigFinished: bigDone, smallOk: small.r.type === 'done' };
}

// ---- DuckDB-WASM: the exception-handling bundle, served locally.
let duck = null;

async function duckdbStart() {
  const t0 = performance.now();
  const base = '/npm/@duckdb/duckdb-wasm/dist/';
  const worker = new Worker(base + 'duckdb-browser-eh.worker.js');
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(base + 'duckdb-eh.wasm');
  const conn = await db.connect();
  duck = { db, conn };
  return { startMs: performance.now() - t0 };
}

async function duckdbRun() {
  const f = input('file');
  const { db, conn } = duck;
  const t0 = performance.now();
  await db.registerFileHandle(f.name, f, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  await conn.query(`CREATE TABLE t AS SELECT * FROM read_csv('${f.name}', header = true, columns = {
    'id': 'VARCHAR', 'customer': 'VARCHAR', 'channel': 'VARCHAR', 'created': 'TIMESTAMP', 'first_response': 'TIMESTAMP',
    'resolved': 'TIMESTAMP', 'agent': 'VARCHAR', 'team': 'VARCHAR', 'issue_type': 'VARCHAR', 'status': 'VARCHAR',
    'reopens': 'INTEGER', 'agent_replies': 'INTEGER', 'csat': 'INTEGER'})`);
  const rowsOf = t => t.toArray().map(r => r.toJSON());
  const count = {}, frtMedian = {};
  for (const r of rowsOf(await conn.query('SELECT channel, count(*)::INTEGER AS n FROM t GROUP BY channel'))) count[r.channel] = r.n;
  for (const r of rowsOf(await conn.query(`SELECT channel, median(epoch(first_response) - epoch(created))::DOUBLE AS m FROM t
      WHERE first_response IS NOT NULL GROUP BY channel`))) frtMedian[r.channel] = r.m;
  const w = rowsOf(await conn.query(`SELECT (count(*) FILTER (WHERE resolved IS NOT NULL AND epoch(resolved) - epoch(created) < 86400))::DOUBLE
      / count(*)::DOUBLE AS s FROM t`))[0].s;
  const heat = new Array(168).fill(0);
  for (const r of rowsOf(await conn.query('SELECT (isodow(created) - 1)::INTEGER AS d, hour(created)::INTEGER AS h, count(*)::INTEGER AS n FROM t GROUP BY 1, 2'))) heat[r.d * 24 + r.h] = r.n;
  const ms = performance.now() - t0;
  const rows = Object.values(count).reduce((a, b) => a + b, 0);
  return { ms, rows, agg: { count, frtMedian, within24: w, heat } };
}

// ---- Papa Parse with plain JS, in its own worker.
async function papaRun() {
  const f = input('file');
  const t0 = performance.now();
  const w = new Worker('/bench/papa_worker.js');
  const out = await new Promise((resolve, reject) => { w.onmessage = ev => resolve(ev.data); w.onerror = e => reject(new Error(e.message)); w.postMessage({ file: f }); });
  w.terminate();
  if (out.error) throw new Error(out.error);
  return { ms: performance.now() - t0, rows: out.rows, agg: out.agg };
}

window.bench = { deflectStart, deflectLoad, deflectRecompute, deflectCancel, duckdbStart, duckdbRun, papaRun };
window.benchReady = true;
