// Real exports as users drop them: a Zendesk CSV, an Amazon Connect NDJSON and a help-centre
// session log together; and the broken Excel-resaved Zendesk sample, whose rejects are shown
// with their reasons. Then the mapping editor: a confirmed mapping is remembered by header.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './lib/server.mjs';
import { launch, watch, screenshot, DIST, FIXTURES, ROOT } from './lib/browser.mjs';
import { Dashboard } from './pages/dashboard.mjs';

let server, browser;
before(async () => { server = await serve(DIST); browser = await launch({ timezoneId: 'Europe/Rome' }); });
after(async () => { await browser.close(); await server.close(); });

test('a Zendesk CSV, Connect NDJSON and a session log dropped together', async () => {
  const page = await browser.context.newPage();
  const problems = watch(page);
  const d = new Dashboard(page);
  await d.open(server.url);
  await d.upload(...['zendesk_tickets.csv', 'amazon_connect_ctr.jsonl', 'help_center_sessions.csv'].map(f => path.join(FIXTURES, f)));

  // Each file recognised and accounted for (rows = used + rejected).
  assert.deepEqual(await d.file('zendesk_tickets.csv').then(f => [f.format, f.rows, f.used, f.rejected]), ['zendesk_tickets_csv', 8, 6, 2]);
  assert.deepEqual(await d.file('amazon_connect_ctr.jsonl').then(f => [f.format, f.rows, f.used, f.rejected]), ['amazon_connect_ctr', 11, 10, 1]);
  assert.deepEqual(await d.file('help_center_sessions.csv').then(f => [f.format, f.rows, f.used, f.rejected]), ['generic_session_log', 5, 4, 1]);

  // Contacts: Zendesk 101 (Mail), 102 (web form), 104 (chat), 105, 106; 103 is outbound (not
  // demand). Connect: calls a1 (delivered twice, counted once), b1+b2 (one call, transferred),
  // c1 (IVR abandon), d1 (queue abandon), h1 (ended by the flow), chat g1; e1 OUTBOUND and f1
  // CALLBACK are not demand. 5 + 6 = 11: phone 5, chat 2, email 2, web form 1, other 1.
  assert.equal(await d.value('contact_volume'), 11);
  for (const [ch, n] of [['phone', 5], ['chat', 2], ['email', 2], ['web_form', 1], ['other', 1]]) {
    assert.equal(await d.value('contact_volume', { by: 'channel', group: ch }), n, ch);
  }
  // Abandonment: 5 offered calls (a1 b1 c1 d1 h1), abandoned c1 (IVR, 42 s) and d1 (queue,
  // 95 s) = 2 of 5.
  assert.equal(await d.value('abandonment_rate'), 0.4);
  // Self-service: s-1 resolved, s-3 no result from an unknown visitor → deflected; s-2
  // created ticket 102, s-4 was followed by a contact → not deflected: 2 of 4.
  assert.equal(await d.value('self_service_deflection_rate'), 0.5);
  await screenshot(page, 'formats-three-files');
  assert.deepEqual(problems, []);
  await page.close();
});

const SHARED = path.join(ROOT, '..', 'shared', 'data', 'zendesk_csv_export_excel_resaved_preview.csv');

test('the Excel-resaved Zendesk sample shows its rejects with reasons', { skip: !fs.existsSync(SHARED) && `${SHARED} is absent` }, async () => {
  const page = await browser.context.newPage();
  const problems = watch(page);
  const d = new Dashboard(page);
  await d.open(server.url);
  await d.upload(SHARED);
  const f = await d.file('zendesk_csv_export_excel_resaved_preview.csv');
  assert.deepEqual([f.format, f.rows, f.used, f.rejected], ['zendesk_tickets_csv', 10, 7, 3]);
  assert.equal(await d.value('contact_volume'), 7);
  await page.locator('[data-testid=rejects] summary').click();
  const rejects = await page.locator('[data-testid=rejects]').textContent();
  // Lines 3 and 8 lost their satisfaction cell; line 11 has a stray comma.
  assert.match(rejects, /3\s*Requester wait time in minutes within business hours\s*rejected\s*22 fields where the header has 23/);
  assert.match(rejects, /8\s*Requester wait time in minutes within business hours\s*rejected/);
  assert.match(rejects, /11\s*Created at\s*rejected\s*`Communication` is not a date/);
  // Requester ids destroyed by E-notation are flagged, not merged.
  assert.match(rejects, /id `1\.03006E\+13` was turned into E-notation/);
  await screenshot(page, 'formats-excel-resaved');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a confirmed mapping is remembered for the next file with the same header', async () => {
  const page = await browser.context.newPage();
  const problems = watch(page);
  const d = new Dashboard(page);
  await d.open(server.url);
  // Italian headers the app guesses; the user maps the team column to `team` instead.
  const csv = 'Numero;Cliente;Canale;Data creazione;Operatore;Coda;Categoria\n' +
    '1;a@example.com;email;02/03/2026 09:00;Ana;Tier 1;billing\n' +
    '2;b@example.com;telefono;02/03/2026 10:00;Bo;Tier 2;login\n' +
    '3;c@example.com;chat;13/03/2026 11:00;Ana;Tier 1;billing\n';
  const file = path.join(ROOT, 'tests/e2e/artifacts/italian.csv');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, csv);
  await d.upload(file);
  assert.equal(await d.value('contact_volume'), 3);
  assert.equal(await d.value('contact_volume', { by: 'channel', group: 'phone' }), 1);
  const editor = page.locator('[data-testid=mapping-editor]').first();
  await editor.locator('summary').click();
  // Issue type from `Coda` instead of `Categoria`.
  await editor.locator('select[data-field=issue_type]').selectOption('Coda');
  await editor.locator('[data-testid=mapping-apply]').click();
  await d.ready();
  await d.breakdown('contact_volume', 'issue_type');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-metric=contact_volume][data-by=issue_type]')].some(e => e.dataset.group === 'Tier 1'));
  assert.equal(await d.value('contact_volume', { by: 'issue_type', group: 'Tier 1' }), 2);
  // A fresh page with the same header: applied without asking.
  const again = await browser.context.newPage();
  const d2 = new Dashboard(again);
  await d2.open(server.url);
  await d2.upload(file);
  await d2.breakdown('contact_volume', 'issue_type');
  assert.equal(await d2.value('contact_volume', { by: 'issue_type', group: 'Tier 2' }), 1);
  assert.match(await again.locator('[data-testid=file]').first().textContent(), /mapping confirmed by you/);
  assert.deepEqual(problems, []);
  await again.close();
  await page.close();
});
