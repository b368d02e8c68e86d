// Launches Debian's Chromium headless with the flags this machine needs (no background
// networking: the machine has no internet, and the app must not need it either).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
export const DIST = process.env.DEFLECT_DIST || path.join(ROOT, 'dist');
export const FIXTURES = path.join(ROOT, 'tests/fixtures');
export const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');

export async function launch({ width = 1280, height = 900, locale = 'en-US', timezoneId = 'UTC', colorScheme = 'light', bypassCSP = false } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deflect-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width, height }, locale, timezoneId, colorScheme, acceptDownloads: true, bypassCSP,
  });
  const errors = [];
  context.on('weberror', e => errors.push(String(e.error())));
  const close = async () => { await context.close(); fs.rmSync(dir, { recursive: true, force: true }); };
  return { context, errors, close };
}

export function watch(page) {
  const problems = [];
  page.on('pageerror', e => problems.push(`pageerror: ${e.message}`));
  page.on('console', m => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  return problems;
}

export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
