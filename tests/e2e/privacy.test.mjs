// Private by construction: every request the page makes stays on its own origin, after the first
// load only the app's own files are fetched, no request carries a byte of a dropped file, and the
// Content-Security-Policy blocks a connection to any other origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './lib/server.mjs';
import { launch, watch, screenshot, DIST, FIXTURES, ARTIFACTS } from './lib/browser.mjs';
import { Dashboard } from './pages/dashboard.mjs';

let server, elsewhere, browser;
before(async () => { server = await serve(DIST); elsewhere = await serve(DIST); browser = await launch(); });
after(async () => { await browser.close(); await server.close(); await elsewhere.close(); });

test('no request leaves the page origin and none carries file data', async () => {
  const page = await browser.context.newPage();
  const problems = watch(page);
  const log = [];
  page.on('request', r => log.push({ url: r.url(), method: r.method(), post: r.postData() || '', phase: 'load' }));
  const d = new Dashboard(page);
  await d.open(server.url);
  const afterLoad = log.length;
  for (const e of log) e.phase = 'load';

  // Use the app: upload, change settings and filters, open a definition, export.
  const fixture = path.join(FIXTURES, 'e2e_tickets.csv');
  await d.upload(fixture);
  await page.locator('[data-testid=settings] > summary').click();
  await page.fill('[data-param=repeat_window_s]', '3');
  await page.locator('[data-param=repeat_window_s]').press('Enter');
  await page.selectOption('[data-testid=filter-channel]', 'email');
  await d.ready();
  await page.locator('[data-testid="definition-first_response_time"] summary').first().click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-metrics]')]);
  const metrics = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(metrics.schema, 'deflect.metrics/1');

  const origin = new URL(server.url).origin;
  const fileText = fs.readFileSync(fixture, 'utf8');
  const markers = ['a@example.com', 'T10', '31/02/2026', fileText.slice(0, 40)];
  for (const r of log) {
    const u = new URL(r.url);
    assert.ok(u.origin === origin || u.protocol === 'data:' || u.protocol === 'blob:', `request to another origin: ${r.url}`);
    assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
    for (const m of markers) assert.ok(!decodeURIComponent(r.url).includes(m) && !r.post.includes(m), `file data in ${r.url}`);
  }
  // After the first load, only the app's own static files (the worker's script and wasm).
  const later = log.slice(afterLoad).filter(r => !r.url.startsWith('blob:') && !r.url.startsWith('data:'));
  for (const r of later) assert.match(new URL(r.url).pathname, /\/(worker[^/]*\.(js|wasm)|app-[0-9a-f]+(_bg)?\.(js|wasm))$/, r.url);
  // The server saw no request with a body.
  assert.ok(server.requests.every(r => r.bytes === 0 && r.method === 'GET'));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'privacy-requests.log'),
    log.map((r, i) => `${i < afterLoad ? 'load ' : 'later'} ${r.method} ${r.url}`).join('\n') + '\n');
  await screenshot(page, 'privacy');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the CSP blocks a connection to another origin', async () => {
  const page = await browser.context.newPage();
  const violations = [];
  page.on('console', m => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  await new Dashboard(page).open(server.url);
  const before = elsewhere.requests.length;
  const result = await page.evaluate(async other => {
    const seen = [];
    document.addEventListener('securitypolicyviolation', e => seen.push(e.violatedDirective));
    let fetched;
    try { await fetch(other + 'index.html'); fetched = 'fetched'; } catch (e) { fetched = 'blocked: ' + e.message; }
    let beacon;
    try { beacon = navigator.sendBeacon(other + 'beacon', 'x'); } catch (e) { beacon = 'threw'; }
    await new Promise(r => setTimeout(r, 300));
    return { fetched, beacon, seen };
  }, elsewhere.url);
  assert.match(result.fetched, /^blocked/);
  assert.ok(result.seen.includes('connect-src'), JSON.stringify(result));
  assert.equal(elsewhere.requests.length, before, 'the other origin received a request');
  assert.ok(violations.length >= 1);
  await page.close();
});
