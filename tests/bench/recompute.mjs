// A quick benchmark of the recompute path alone (not a test): loads one CSV into the worker
// through the bench page, then times a channel filter turned on and off and a repeat-window
// change, in several rounds, printing the round trip and the worker's own compute time.
//   node tests/bench/recompute.mjs FILE.csv [ROUNDS]
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { chromium } from 'playwright-core';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const DIST = process.env.DEFLECT_DIST || path.resolve(HERE, '../../dist');
const file = process.argv[2];
const rounds = Number(process.argv[3] || 3);
const roots = [['/app/', DIST], ['/bench/', path.join(HERE, 'page')], ['/npm/', path.join(HERE, 'node_modules')]];
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const hit = roots.find(([p]) => url.pathname.startsWith(p));
  const f = hit && path.join(hit[1], decodeURIComponent(url.pathname.slice(hit[0].length)) || 'index.html');
  if (!f || !f.startsWith(hit[1]) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) { res.writeHead(404); res.end(); return; }
  const type = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' }[path.extname(f)];
  res.writeHead(200, { 'content-type': type || 'application/octet-stream' });
  fs.createReadStream(f).pipe(res);
});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const b = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await b.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/bench/index.html`);
await page.waitForFunction(() => window.benchReady === true);
await page.setInputFiles('#file', file);
await page.evaluate(() => window.bench.deflectStart());
const load = await page.evaluate(() => window.bench.deflectLoad('file', false));
console.log(`load ${(load.ms / 1000).toFixed(2)} s (${load.rows} rows; slowest gap between the worker's messages ${Math.round(load.maxGapMs)} ms, ended by "${load.maxGapBefore}")`);
const UTC = { time_zone: 'UTC' };
const none = { channels: [], teams: [], agents: [], issue_types: [] };
// Each round a channel not filtered on before and a repeat window not used before, so that no
// kept report answers them; the filter turned off again finds the unfiltered report kept.
const channels = ['email', 'chat', 'phone', 'messaging', 'web_form', 'social'];
for (let i = 0; i < rounds; i++) {
  const repeat = String(172800 + i * 3600);
  const runs = [
    [`filter on (channel = ${channels[i % channels.length]})`, { params: UTC, filters: { ...none, channels: [channels[i % channels.length]] } }],
    ['filter off', { params: UTC, filters: none }],
    [`setting alone (repeat window ${repeat} s)`, { params: { ...UTC, repeat_window_s: repeat }, filters: none }],
  ];
  for (const [name, s] of runs) {
    const r = await page.evaluate(s => window.bench.deflectRecompute(s), s);
    console.log(`${name}: ${Math.round(r.ms)} ms round trip, ${Math.round(r.computeMs)} ms in the worker, volume ${r.contacts}`);
  }
}
await b.close(); server.close();
