// Page object: the dashboard as a user (and a test) sees it.
export class Dashboard {
  constructor(page) { this.page = page; }

  async open(url) {
    await this.page.goto(url);
    await this.ready();
  }

  async ready() {
    await this.page.waitForSelector('[data-testid=dashboard]', { timeout: 30000 });
    await this.page.waitForFunction(() => !document.querySelector('[data-testid=progress]'), null, { timeout: 30000 });
  }

  async upload(...files) {
    await this.page.setInputFiles('[data-testid=file-input]', files);
    await this.page.waitForFunction(
      names => names.every(n => [...document.querySelectorAll('[data-testid=file]')].some(e => e.dataset.file === n)),
      files.map(f => f.split('/').pop()), { timeout: 30000 });
    await this.ready();
  }

  /** The raw `data-value` of a metric element as a number (or null). A breakdown value is
   * read from its table, which the page draws only once its box is opened (as a user does). */
  async value(metric, { stat, by, group } = {}) {
    if (by && await this.page.locator(`[data-testid="breakdowns-${metric}"] button[role=tab][data-by="${by}"]`).count()) {
      await this.breakdown(metric, by);
    }
    return this.page.evaluate(([metric, stat, by, group]) => {
      const els = [...document.querySelectorAll(`[data-metric="${metric}"]`)].filter(e =>
        (stat ? e.dataset.stat === stat : !e.dataset.stat) &&
        (by ? e.dataset.by === by && e.dataset.group === group : !e.dataset.by));
      if (!els.length) return null;
      const v = els[0].dataset.value;
      return v === undefined ? null : Number(v);
    }, [metric, stat, by, group]);
  }

  async text(metric, opts = {}) {
    const { stat, by, group } = opts;
    return this.page.evaluate(([metric, stat, by, group]) => {
      const e = [...document.querySelectorAll(`[data-metric="${metric}"]`)].find(e =>
        (stat ? e.dataset.stat === stat : !e.dataset.stat) && (by ? e.dataset.by === by && e.dataset.group === group : !e.dataset.by));
      return e ? e.textContent.trim() : null;
    }, [metric, stat, by, group]);
  }

  /** Opens a metric's breakdowns on dimension `by` (one dimension is shown at a time). */
  async breakdown(metric, by) {
    const box = this.page.locator(`[data-testid="breakdowns-${metric}"]`);
    if (!(await box.evaluate(e => e.open))) await box.locator('summary').click();
    await box.locator(`button[role=tab][data-by="${by}"]`).click();
    await this.page.waitForSelector(`[data-testid="table-${metric}-${by}"]`);
  }

  async file(name) {
    return this.page.evaluate(name => {
      const e = [...document.querySelectorAll('[data-testid=file]')].find(e => e.dataset.file === name);
      return e && { format: e.dataset.format, rows: +e.dataset.rows, used: +e.dataset.used, rejected: +e.dataset.rejected, text: e.textContent };
    }, name);
  }

  /** Rows of a chart's table view: [[label, count], ...]. */
  async chartTable(metric) {
    return this.page.evaluate(metric => [...document.querySelectorAll(`[data-testid="chart-${metric}"] tbody tr`)]
      .map(tr => [tr.querySelector('th').textContent, tr.querySelector('td').textContent]), metric);
  }
}
