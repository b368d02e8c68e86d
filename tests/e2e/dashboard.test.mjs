// The dashboard a manager uses: language, filters, settings, definitions, drill-down, the
// metrics.json download matching the page, accessibility (axe-core), and screenshots of every
// section at 1280 and 360 px in light and dark.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { serve } from './lib/server.mjs';
import { launch, watch, screenshot, DIST, ARTIFACTS, ROOT } from './lib/browser.mjs';
import { Dashboard } from './pages/dashboard.mjs';

const require = createRequire(import.meta.url);
let server;
before(async () => { server = await serve(DIST); });
after(async () => { await server.close(); });

test('language, filter, setting, definition, drill-down and metrics.json agree with the page', async () => {
  const browser = await launch({ locale: 'en-US' });
  const page = await browser.context.newPage();
  const problems = watch(page);
  const d = new Dashboard(page);
  await d.open(server.url);

  // The sample covers every family.
  for (const f of ['selfservice', 'resolution', 'speed', 'abandonment', 'volume', 'handling', 'satisfaction', 'cost']) {
    assert.equal(await page.locator(`#family-${f}`).count(), 1, f);
  }
  const total = await d.value('contact_volume');
  const email = await d.value('contact_volume', { by: 'channel', group: 'email' });

  // metrics.json as the page downloads it, and as the native command writes it for the sample
  // with `args`.
  const downloaded = async () => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-metrics]')]);
    return JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
  };
  const native = (...args) => JSON.parse(execFileSync('cargo', ['run', '--quiet', '--release', '--no-default-features', '--bin', 'deflect', '--', 'report', '--json', '--sample', ...args],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] }));

  // metrics.json equals the numbers on the page.
  const m = await downloaded();
  const head = id => m.metrics.find(r => r.id === id && !r.by);
  assert.equal(head('contact_volume').value, total);
  assert.equal(head('first_response_time').median, await d.value('first_response_time', { stat: 'median' }));
  assert.equal(head('csat').value, await d.value('csat'));
  assert.equal(head('self_service_rate').value, await d.value('self_service_rate'));
  assert.equal(head('abandonment_rate').num, Number(await page.getAttribute('[data-testid=card-abandonment_rate] [data-metric=abandonment_rate]', 'data-num')));
  // ... and the native command gives the same document for the same data and settings, apart
  // from ordering: every key, parameter, metric and breakdown row.
  const cli = native();
  const canonical = v => Array.isArray(v) ? v.map(canonical).map(x => JSON.stringify(x)).sort()
    : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map(k => [k, canonical(v[k])])) : v;
  assert.ok(m.metrics.length > 100, `${m.metrics.length} metric rows`);
  assert.deepEqual(canonical(m), canonical(cli));

  // Language: Italian labels and decimal commas; ids unchanged.
  await page.selectOption('[data-testid=language]', 'it');
  await page.waitForFunction(() => document.documentElement.lang === 'it');
  assert.match(await page.textContent('#title-overview'), /Panoramica/);
  assert.match(await d.text('first_response_target_rate'), /^\d+,\d %$/);
  assert.equal(await d.value('contact_volume'), total);
  await page.selectOption('[data-testid=language]', 'en');

  // Filter: e-mail only recomputes without a reload.
  await page.selectOption('[data-testid=filter-channel]', 'email');
  await page.waitForFunction(v => document.querySelector('[data-testid=card-contact_volume] [data-metric=contact_volume]')?.dataset.value == v, email);
  assert.equal(await d.value('contact_volume'), email);
  // The filtered report (gathered from the columns the unfiltered one left with the data) is
  // the native command's with the same filter, every row.
  const filtered = await downloaded();
  assert.ok(JSON.stringify(canonical(filtered)) === JSON.stringify(canonical(native('--filter', 'channel=email'))), 'metrics.json under the e-mail filter differs from the native command with that filter');
  assert.ok(JSON.stringify(canonical(filtered.metrics)) !== JSON.stringify(canonical(m.metrics)), 'the filter changed no metric');
  await page.selectOption('[data-testid=filter-channel]', '');
  await page.waitForFunction(v => document.querySelector('[data-testid=card-contact_volume] [data-metric=contact_volume]')?.dataset.value == v, total);

  // Setting: a 1-day repeat window changes the repeat-contact rate and is remembered.
  const before = await d.value('repeat_contact_rate');
  const unread = { frt: await d.value('first_response_time', { stat: 'median' }), csat: await d.value('csat') };
  await page.locator('[data-testid=settings] > summary').click();
  await page.fill('[data-param=repeat_window_s]', '1');
  await page.locator('[data-param=repeat_window_s]').blur();
  await page.waitForFunction(b => Number(document.querySelector('[data-testid=card-repeat_contact_rate] [data-metric=repeat_contact_rate]')?.dataset.value) !== b, before);
  assert.ok(await d.value('repeat_contact_rate') < before);
  assert.match(await page.evaluate(() => localStorage.getItem('deflect.settings')), /"repeat_window_s":86400/);
  // Only the metrics that read the window were recomputed (the others' rows were kept), and
  // the whole document still equals a fresh computation by the native command.
  assert.deepEqual({ frt: await d.value('first_response_time', { stat: 'median' }), csat: await d.value('csat') }, unread);
  const changed = await downloaded();
  const fresh = native('--param', 'repeat_window_s=86400');
  // (Compared as text: a failing deep comparison of two large documents takes minutes to print.)
  assert.ok(JSON.stringify(canonical(changed)) === JSON.stringify(canonical(fresh)), 'metrics.json after the setting differs from the native command with the same setting');
  assert.ok(JSON.stringify(canonical(changed.metrics)) !== JSON.stringify(canonical(m.metrics)), 'the setting changed no metric');

  // Definition one click away, with the parameters in force.
  const def = page.locator('[data-testid=card-repeat_contact_rate] [data-testid=definition-repeat_contact_rate]');
  await def.locator('summary').click();
  assert.match(await def.textContent(), /repeat_window_s = 86400/);

  // Drill-down from a breakdown row to its records.
  await page.locator('[data-testid=breakdowns-first_response_time] > summary').click();
  await page.locator('[data-testid=table-first_response_time-channel] tbody tr').first().locator('button').click();
  await page.waitForSelector('[data-testid=drill]');
  const drilled = Number(await page.getAttribute('[data-testid=drill]', 'data-total'));
  const n = Number(await page.locator('[data-testid=table-first_response_time-channel] tbody tr').first().locator('.detail').textContent().then(t => t.replace(/\D/g, '')));
  assert.equal(drilled, n, 'records behind the number');
  await page.click('[data-testid=drill-close]');
  assert.deepEqual(problems, []);
  await browser.close();
});

test('no serious accessibility violations (axe-core)', async () => {
  const browser = await launch({ bypassCSP: true });
  const page = await browser.context.newPage();
  const d = new Dashboard(page);
  await d.open(server.url);
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  for (const theme of ['light', 'dark']) {
    if (theme === 'dark') await page.click('[data-testid=theme]');
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
    const serious = result.violations.filter(v => ['serious', 'critical'].includes(v.impact));
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, `axe-${theme}.json`), JSON.stringify(result.violations, null, 2));
    assert.deepEqual(serious.map(v => `${v.id}: ${v.nodes.length} (${v.nodes[0]?.target})`), [], theme);
  }
  await browser.close();
});

for (const width of [1280, 360]) {
  for (const scheme of ['light', 'dark']) {
    test(`screenshots of every section at ${width} px, ${scheme}`, async () => {
      const browser = await launch({ width, height: 800, colorScheme: scheme });
      const page = await browser.context.newPage();
      const problems = watch(page);
      await new Dashboard(page).open(server.url);
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), scheme);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px at ${width}px`);
      for (const id of ['overview', 'family-selfservice', 'family-speed', 'family-abandonment', 'family-volume', 'family-satisfaction', 'family-cost']) {
        const el = page.locator(`#${id}`);
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        await el.screenshot({ path: path.join(ARTIFACTS, `${id}-${width}-${scheme}.png`) });
      }
      assert.deepEqual(problems, []);
      await browser.close();
    });
  }
}

test('a breakdown table is drawn when its box is opened, by mouse or keyboard, and stays open across tabs', async () => {
  const browser = await launch();
  const page = await browser.context.newPage();
  const problems = watch(page);
  const d = new Dashboard(page);
  await d.open(server.url);
  const box = page.locator('[data-testid="breakdowns-contact_volume"]');
  assert.equal(await box.locator('table').count(), 0, 'closed: no table in the page');
  await box.locator('summary').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="table-contact_volume-channel"]');
  await box.locator('button[role=tab][data-by="agent"]').click();
  await page.waitForSelector('[data-testid="table-contact_volume-agent"]');
  assert.equal(await box.evaluate(e => e.open), true, 'still open after choosing another tab');
  await box.locator('summary').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="breakdowns-contact_volume"] table'));
  assert.deepEqual(problems, []);
  await browser.close();
});

test('Print to PDF gives a clean multi-page report with the definitions', async () => {
  const browser = await launch();
  const page = await browser.context.newPage();
  await new Dashboard(page).open(server.url);
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  // Controls are hidden and definitions shown in print.
  for (const sel of ['.dropzone', '[data-testid=settings]', '[data-testid=filters]', '[data-testid=mapping-editor] >> nth=0'])
    assert.equal(await page.locator(sel).evaluate(e => getComputedStyle(e).display), 'none', `${sel} is not printed`);
  const def = page.locator('[data-testid="definition-first_response_time"] p').first();
  assert.ok(await def.isVisible(), 'definitions are printed');
  // Breakdown tables, drawn on screen only once opened, are all drawn for print.
  await page.waitForSelector('[data-testid="table-contact_volume-channel"]');
  assert.ok(await page.locator('[data-testid="table-contact_volume-channel"]').isVisible(), 'breakdowns are printed');
  assert.ok(await page.locator('[data-testid^="table-"]').count() >= 20, 'every breakdown is printed');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const pdf = await page.pdf({ path: path.join(ARTIFACTS, 'report.pdf'), format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 8, `${pages} pages`);
  await browser.close();
});
