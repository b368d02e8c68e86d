// The foundation slice as a user lives it: the page opens on the sample dashboard; they pick a
// ticket export with the file button and read verified numbers, each with its definition.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve } from './lib/server.mjs';
import { launch, watch, screenshot, DIST, FIXTURES } from './lib/browser.mjs';
import { Dashboard } from './pages/dashboard.mjs';

let server, browser;
before(async () => { server = await serve(DIST); browser = await launch(); });
after(async () => { await browser.close(); await server.close(); });

test('the page opens on the built-in sample with numbers and definitions', async () => {
  const page = await browser.context.newPage();
  const problems = watch(page);
  const d = new Dashboard(page);
  await d.open(server.url);
  const volume = await d.value('contact_volume');
  assert.ok(volume > 2000, `sample volume ${volume}`);
  assert.ok(await d.value('first_response_time', { stat: 'median' }) > 0);
  const def = await page.locator('[data-testid="definition-first_response_time"]').first();
  await def.locator('summary').click();
  assert.match(await def.textContent(), /median/i);
  await screenshot(page, 'sample-1280');
  assert.deepEqual(problems, []);
  await page.close();
});

test('an uploaded ticket export shows the hand-worked numbers', async () => {
  const page = await browser.context.newPage();
  const problems = watch(page);
  const d = new Dashboard(page);
  await d.open(server.url);
  await d.upload(path.join(FIXTURES, 'e2e_tickets.csv'));

  // The sample made way for the user's file.
  const f = await d.file('e2e_tickets.csv');
  assert.equal(f.format, 'canonical_contacts');
  assert.deepEqual([f.rows, f.used, f.rejected], [11, 10, 1]);
  assert.equal(await page.locator('[data-testid=file]').count(), 1);

  // Volume: 10 contacts (T11 rejected): email 5, chat 2, web form 2, phone 1.
  assert.equal(await d.value('contact_volume'), 10);
  for (const [ch, n] of [['email', 5], ['chat', 2], ['web_form', 2], ['phone', 1]]) {
    assert.equal(await d.value('contact_volume', { by: 'channel', group: ch }), n, ch);
  }
  // First response, 8 values (s): 45 120 1800 5400 14400 25200 36000 97200.
  // median (5400 + 14400) / 2 = 9900; mean 180165 / 8 = 22520.625; p90 = x8 = 97200.
  assert.equal(await d.value('first_response_time', { stat: 'median' }), 9900);
  assert.equal(await d.value('first_response_time', { stat: 'mean' }), 22520.625);
  assert.equal(await d.value('first_response_time', { stat: 'p90' }), 97200);
  assert.equal(await d.text('first_response_time', { stat: 'median' }), '2 h 45 min');
  // Resolution, 7 values: median 10800, p90 172800, mean 379800 / 7.
  assert.equal(await d.value('resolution_time', { stat: 'median' }), 10800);
  assert.equal(await d.value('resolution_time', { stat: 'p90' }), 172800);
  assert.ok(Math.abs(await d.value('resolution_time', { stat: 'mean' }) - 379800 / 7) < 1e-6);
  // Buckets as a chart with a table view: 3 1 1 2 0 1, no response 1.
  assert.deepEqual(await d.chartTable('first_response_buckets'),
    [['<1h', '3'], ['1-2h', '1'], ['2-6h', '1'], ['6-12h', '2'], ['12-24h', '0'], ['>24h', '1'], ['no response', '1']]);
  assert.equal(await page.locator('[data-testid="chart-first_response_buckets"] svg rect').count(), 6);

  // The rejected row, with its line, column and reason.
  await page.locator('[data-testid=rejects] summary').click();
  const rejects = await page.locator('[data-testid=rejects]').textContent();
  assert.match(rejects, /12\s*created\s*rejected\s*`31\/02\/2026 10:00` is not a date/);
  assert.match(rejects, /first_response` is 3600 s before the contact was created/);

  const shot = await screenshot(page, 'upload-1280');
  console.log(`screenshot: ${shot}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a file picked before the engine has loaded is read as soon as it has', async () => {
  const page = await browser.context.newPage();
  const problems = watch(page);
  const d = new Dashboard(page);
  // Hold the app's WebAssembly back: the page is the static start-up block until it arrives.
  let release;
  const held = new Promise(r => { release = r; });
  await page.route(/\/app-[0-9a-f]+_bg\.wasm$/, async route => { await held; await route.continue(); });
  await page.goto(server.url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#deflect-boot [data-testid=file-input]', { state: 'attached' });
  assert.match(await page.textContent('[data-testid=boot-status]'), /Starting the analysis engine/);
  await page.setInputFiles('[data-testid=file-input]', path.join(FIXTURES, 'e2e_tickets.csv'));
  assert.match(await page.textContent('[data-testid=boot-status]'), /^1 file\(s\) waiting/);
  assert.equal(await page.locator('[data-testid=dashboard]').count(), 0, 'the app has not started yet');
  await screenshot(page, 'boot-1280');
  release();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=file]')].some(e => e.dataset.file === 'e2e_tickets.csv'), null, { timeout: 30000 });
  await d.ready();
  // The picked file replaced the sample, and the start-up block is gone (one file input left).
  const f = await d.file('e2e_tickets.csv');
  assert.deepEqual([f.rows, f.used, f.rejected], [11, 10, 1]);
  assert.equal(await page.locator('[data-testid=file]').count(), 1);
  assert.equal(await d.value('contact_volume'), 10);
  assert.equal(await page.locator('#deflect-boot').count(), 0);
  assert.equal(await page.locator('[data-testid=file-input]').count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a large export shows where it is: reading, then each metric family, then the numbers', async () => {
  const { COLUMNS, tickets } = await import('../bench/gen.mjs');
  const rows = 200_000;
  const lines = [COLUMNS.join(',')];
  tickets(rows, 7, row => lines.push(row.map(v => (v === null ? '' : v)).join(',')));
  const buffer = Buffer.from(lines.join('\n') + '\n');
  const page = await browser.context.newPage();
  const problems = watch(page);
  const d = new Dashboard(page);
  await d.open(server.url);
  // Every stage the progress bar shows, as the page shows it.
  await page.evaluate(() => {
    window.__stages = [];
    new MutationObserver(() => {
      const s = document.querySelector('[data-testid=progress]')?.dataset.stage;
      if (s && window.__stages.at(-1) !== s) window.__stages.push(s);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-stage'] });
  });
  await page.setInputFiles('[data-testid=file-input]', { name: 'large.csv', mimeType: 'text/csv', buffer });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=file]')].some(e => e.dataset.file === 'large.csv'), null, { timeout: 120000 });
  await d.ready();
  const stages = await page.evaluate(() => window.__stages);
  console.log(`stages shown for ${rows} rows (${(buffer.length / 1048576).toFixed(1)} MB): ${stages.join(' → ')}`);
  assert.equal(stages[0], 'read');
  assert.ok(stages.includes('merge'), stages.join(','));
  const families = ['selfservice', 'resolution', 'speed', 'abandonment', 'volume', 'handling', 'satisfaction', 'cost'];
  const shown = stages.filter(s => families.includes(s));
  // Families show only once 100 ms have passed since the last message (so small files never
  // flash a bar):
  // how many appear depends on the machine; on this one 200k rows show one or two.
  assert.deepEqual(shown, [...shown].sort((a, b) => families.indexOf(a) - families.indexOf(b)), 'families in order');
  assert.equal(await d.value('contact_volume'), rows);
  assert.deepEqual(problems, []);
  await page.close();
});
