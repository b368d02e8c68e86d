// A quick benchmark of the real app (not a test): one CSV through the file input of the built
// page (dist/), then a channel filter. Prints drop-to-dashboard time, the progress stages and
// the longest gap between progress updates, main-thread long tasks, and the recompute time.
//   node tests/bench/quick-app.mjs FILE.csv      (e.g. a file from tests/bench/gen.mjs)
import { serve } from '../e2e/lib/server.mjs';
import { launch, DIST } from '../e2e/lib/browser.mjs';
const file = process.argv[2];
const server = await serve(DIST); const b = await launch(); const page = await b.context.newPage();
await page.goto(server.url);
await page.waitForSelector('[data-testid=dashboard]');
await page.waitForFunction(() => !document.querySelector('[data-testid=progress]'));
await page.evaluate(() => {
  window.__long = []; new PerformanceObserver(l => { for (const e of l.getEntries()) window.__long.push([Math.round(e.duration), e.startTime]); }).observe({ type: 'longtask', buffered: false });
  window.__stages = []; window.__progressTimes = [];
  new MutationObserver(() => { const p = document.querySelector('[data-testid=progress]'); if (p) { window.__progressTimes.push([performance.now(), p.dataset.stage]); const s = p.dataset.stage; if (window.__stages.at(-1)?.[0] !== s) window.__stages.push([s, performance.now()]); } })
    .observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
});
const t0 = Date.now(); const p0 = await page.evaluate(() => performance.now());
await page.setInputFiles('[data-testid=file-input]', file);
const t1 = Date.now();
await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=file]')].some(e => e.dataset.rows > 0) && !document.querySelector('[data-testid=progress]'), null, { timeout: 600000, polling: 100 });
const t2 = Date.now();
const vol = await page.getAttribute('[data-testid=card-contact_volume] [data-metric=contact_volume]', 'data-value');
const r = await page.evaluate(() => { const t = window.__progressTimes; let gap = 0, at = ''; for (let i = 1; i < t.length; i++) if (t[i][0] - t[i - 1][0] > gap) { gap = t[i][0] - t[i - 1][0]; at = t[i - 1][1] + '→' + t[i][1]; } const t00 = window.__stages.length ? window.__stages[0][1] : 0; const over = []; for (let i = 1; i < t.length; i++) if (t[i][0] - t[i - 1][0] > 250) over.push(Math.round(t[i][0] - t[i - 1][0]) + ' ms ' + t[i - 1][1] + '→' + t[i][1] + ' at ' + ((t[i - 1][0] - (window.__stages.length ? window.__stages[0][1] : 0)) / 1000).toFixed(2) + ' s'); return { over, long: window.__long.map(([d, s]) => d + ' ms at ' + ((s - t00) / 1000).toFixed(2) + ' s'), stages: window.__stages, maxGap: Math.round(gap) + ' ms (' + at + ')', end: performance.now(), draw: performance.getEntriesByType('measure').filter(m => m.name.startsWith('deflect:draw:')).slice(-18).map(m => m.name.slice(13) + ' ' + Math.round(m.duration) + ' at ' + ((m.startTime - (window.__stages.length ? window.__stages[0][1] : 0)) / 1000).toFixed(2)) }; });
console.log(`drop→dashboard ${((t2 - t0) / 1000).toFixed(1)} s (setInputFiles ${((t1 - t0) / 1000).toFixed(1)} s); volume ${vol}; stages ${r.stages.map(([s, t]) => `${s} ${((t - p0) / 1000).toFixed(2)}`).join(' → ')} → done ${((r.end - p0) / 1000).toFixed(2)}; longest gap between progress updates ${r.maxGap}; gaps over 250 ms: ${r.over.length ? r.over.join(', ') : 'none'}; long tasks: n=${r.long.length}, ${r.long.join(', ')}; sections drawn (ms): ${r.draw.join(', ')}`);
// Recompute: channel filter.
const t3 = Date.now();
await page.selectOption('[data-testid=filter-channel]', 'email');
await page.waitForFunction(v => document.querySelector('[data-testid=card-contact_volume] [data-metric=contact_volume]')?.dataset.value != v, vol, { timeout: 600000, polling: 50 });
console.log(`recompute after a channel filter: ${((Date.now() - t3) / 1000).toFixed(2)} s`);
await b.close(); await server.close();
