// The three places users run Deflect: the single file opened from disk (file://), a sub-path of a
// static server, and an iframe in a portal that talks to it with postMessage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve } from './lib/server.mjs';
import { launch, watch, screenshot, DIST, FIXTURES, ROOT } from './lib/browser.mjs';
import { Dashboard } from './pages/dashboard.mjs';

const FIXTURE = path.join(FIXTURES, 'e2e_tickets.csv');
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function expectHandWorked(d) {
  assert.equal(await d.value('contact_volume'), 10);
  assert.equal(await d.value('first_response_time', { stat: 'median' }), 9900);
  assert.equal(await d.value('first_response_time', { stat: 'p90' }), 97200);
  assert.equal(await d.value('resolution_time', { stat: 'median' }), 10800);
}

test('deflect.html works from file:// with no server and no request', async () => {
  const page = await browser.context.newPage();
  const problems = watch(page);
  const requests = [];
  page.on('request', r => requests.push(r.url()));
  const d = new Dashboard(page);
  await d.open('file://' + path.join(DIST, 'deflect.html'));
  assert.ok(await d.value('contact_volume') > 2000);
  await d.upload(FIXTURE);
  await expectHandWorked(d);
  // The engine runs in a worker started from a blob: URL (file:// script URLs cannot start one).
  assert.match(await page.textContent('[data-testid=status]'), /worker/);
  for (const u of requests) assert.ok(/^(file|data|blob):/.test(u), `network request from the single file: ${u}`);
  await screenshot(page, 'single-file');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the normal build works from a sub-path', async () => {
  const server = await serve(DIST, { prefix: '/tools/deflect/' });
  const page = await browser.context.newPage();
  const problems = watch(page);
  const d = new Dashboard(page);
  await d.open(server.url);
  await d.upload(FIXTURE);
  await expectHandWorked(d);
  assert.match(await page.textContent('[data-testid=status]'), /worker/);
  assert.ok(server.requests.every(r => r.path.startsWith('/tools/deflect/')), JSON.stringify(server.requests.map(r => r.path)));
  assert.deepEqual(problems, []);
  await page.close();
  await server.close();
});

test('a portal embeds Deflect, posts a file and receives metrics.json', async () => {
  const app = await serve(DIST);
  const portal = await serve(path.join(ROOT, 'tests/e2e/host'));
  // The user allowed the portal's origin in Deflect's settings.
  const setup = await browser.context.newPage();
  await new Dashboard(setup).open(app.url);
  await setup.locator('[data-testid=settings] > summary').click();
  await setup.fill('[data-testid=embed-origins]', portal.origin);
  await setup.locator('[data-testid=embed-origins]').blur();
  await setup.close();

  const page = await browser.context.newPage();
  const problems = watch(page);
  await page.goto(`${portal.url}?app=${encodeURIComponent(app.url)}`);
  await page.waitForFunction(() => document.getElementById('status').textContent === 'Deflect is ready', null, { timeout: 30000 });
  await page.setInputFiles('#pick', FIXTURE);
  await page.waitForFunction(() => window.deflectMetrics !== null, null, { timeout: 30000 });
  const m = await page.evaluate(() => window.deflectMetrics);
  const head = id => m.metrics.find(r => r.id === id && !r.by);
  assert.equal(head('contact_volume').value, 10);
  assert.equal(head('first_response_time').median, 9900);
  assert.equal(head('first_response_time').p90, 97200);
  assert.deepEqual(m.inputs.map(i => [i.file, i.rows, i.used, i.rejected]), [['e2e_tickets.csv', 11, 10, 1]]);
  // The frame is compact and told the portal its height.
  assert.ok((await page.evaluate(() => window.deflectHeights.length)) > 0);
  const frame = page.frameLocator('#deflect');
  assert.equal(await frame.locator('html.embed').count(), 1);
  await screenshot(page, 'embedded');
  assert.deepEqual(problems, []);
  await page.close();
  await app.close();
  await portal.close();
});

test('messages from an origin that was not allowed are ignored', async () => {
  const app = await serve(DIST);
  const stranger = await serve(path.join(ROOT, 'tests/e2e/host'));
  const page = await browser.context.newPage();
  const warnings = [];
  page.on('console', m => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto(`${stranger.url}?app=${encodeURIComponent(app.url)}`);
  await page.waitForTimeout(1500);
  await page.setInputFiles('#pick', FIXTURE);
  await page.waitForTimeout(2000);
  assert.equal(await page.evaluate(() => window.deflectMetrics), null);
  assert.ok(warnings.some(w => w.includes('not an allowed origin')), warnings.join('\n'));
  await page.close();
  await app.close();
  await stranger.close();
});
