// Offline benchmarks: what the service worker costs a first visit, what saving a language
// for offline downloads, and what an update after a one-guide change downloads, on the
// bundled portal served under a sub-path by python3 -m http.server (no compression).
//
// - First visit: a guide opened in a fresh context with service workers blocked (the page as
//   it was before offline reading) and allowed, every byte that crossed the wire counted
//   (the page's requests and the worker's own), until the worker has kept the page.
// - Full save: the "save for offline" control pressed on /<reading>/guides/ in a fresh
//   context; the bytes the worker fetched, and the time from the press to "saved".
// - Update: build B with one guide's Russian text changed, deployed over build A; the bytes
//   and files the worker fetched to bring the saved Russian pages up to date, beside a full
//   save of build B.
//
// Usage (from the repository root): node benches/offline.mjs   (after `npm ci` in benches/)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, repo, serve } from '../tests/browser/harness.js';
import { bagdar, machine, median, today, writeSection } from './common.mjs';

const RUNS = 3;
const KiB = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

function build(root, output) {
  execFileSync(bagdar, ['build', '--root', root, '--output', output, '--today', today], { stdio: 'ignore' });
  return output;
}

/** Every response the context saw (pages, their workers and the service worker), with the
 * bytes it put on the wire; responses the service worker answered from its caches count 0. */
function wire(context) {
  const log = [];
  context.on('requestfinished', async (request) => {
    const entry = { url: request.url(), bytes: 0, sw: Boolean(request.serviceWorker()) };
    log.push(entry);
    const response = await request.response().catch(() => null);
    if (response?.fromServiceWorker()) return;
    const sizes = await request.sizes().catch(() => null);
    if (sizes) entry.bytes = sizes.responseHeadersSize + sizes.responseBodySize;
  });
  return log;
}
const bytesOf = (entries) => entries.reduce((sum, e) => sum + e.bytes, 0);
const settle = (ms = 500) => new Promise((r) => setTimeout(r, ms));

async function firstVisit(browser, base, allow) {
  const context = await browser.newContext({ serviceWorkers: allow ? 'allow' : 'block' });
  const log = wire(context);
  const page = await context.newPage();
  const url = `${base}ru/guides/iin/`;
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  if (allow) {
    await page.waitForFunction(
      async (key) => navigator.serviceWorker.controller && (await (await caches.open('bagdar-pages')).match(key)),
      url,
      { polling: 100, timeout: 20000 },
    );
  }
  await settle();
  const bytes = bytesOf(log);
  const requests = log.length;
  await context.close();
  return { bytes, requests };
}

/** Presses the control on /<code>/guides/ until it says saved; the worker's bytes and time. */
async function save(context, base, code) {
  const log = wire(context);
  const page = await context.newPage();
  await page.goto(`${base}${code}/guides/`);
  const control = page.locator('[data-save-offline]');
  await control.waitFor({ state: 'visible' });
  await control.locator('button').click();
  await page.waitForFunction(() => document.querySelector('[data-save-offline]').dataset.state === 'ready', null, { timeout: 60000 });
  const from = log.length;
  const start = Date.now();
  await control.locator('button').click();
  await page.waitForFunction(() => document.querySelector('[data-save-offline]').dataset.state === 'saved', null, { timeout: 300000 });
  const ms = Date.now() - start;
  await settle();
  const fetched = log.slice(from).filter((e) => e.sw);
  await page.close();
  return { bytes: bytesOf(fetched), files: fetched.length, ms };
}

const listed = (output, code) =>
  JSON.parse(readFileSync(join(output, code, 'offline.json'), 'utf8')).files.reduce((sum, f) => sum + f[2], 0);

const work = mkdtempSync(join(tmpdir(), 'bagdar-offline-bench-'));
const outputA = build(repo, join(work, 'a'));
const rootB = join(work, 'root-b');
for (const part of ['bagdar.yaml', 'content', 'themes']) cpSync(join(repo, part), join(rootB, part), { recursive: true });
const guide = join(rootB, 'content/guides/iin.ru.md');
writeFileSync(guide, `${readFileSync(guide, 'utf8')}\n\nЕщё один абзац: так выглядит правка одного руководства.\n`);
const outputB = build(rootB, join(work, 'b'));

const sw = readFileSync(join(outputA, 'sw.js'));
const server = await serve(outputA, '/centre/portal/');
const browser = await launch();
try {
  const without = [];
  const withWorker = [];
  for (let i = 0; i < RUNS; i++) {
    without.push(await firstVisit(browser, server.base, false));
    withWorker.push(await firstVisit(browser, server.base, true));
  }
  const w0 = median(without.map((r) => r.bytes));
  // The browser fetches the worker's script itself, outside what Playwright reports: its bytes
  // as this host sends them (uncompressed) are added.
  const w1 = median(withWorker.map((r) => r.bytes)) + sw.length;

  const saves = [];
  for (const code of ['ru', 'kk', 'kk-arab', 'en']) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      runs.push(await save(context, server.base, code));
      await context.close();
    }
    saves.push({ code, listed: listed(outputA, code), bytes: median(runs.map((r) => r.bytes)), files: median(runs.map((r) => r.files)), ms: median(runs.map((r) => r.ms)) });
  }

  const updates = [];
  for (let i = 0; i < RUNS; i++) {
    rmSync(server.folder, { recursive: true, force: true });
    cpSync(outputA, server.folder, { recursive: true });
    const context = await browser.newContext();
    await save(context, server.base, 'ru');
    rmSync(server.folder, { recursive: true, force: true });
    cpSync(outputB, server.folder, { recursive: true });
    updates.push(await save(context, server.base, 'ru'));
    await context.close();
  }
  const update = { bytes: median(updates.map((u) => u.bytes)), files: median(updates.map((u) => u.files)), ms: median(updates.map((u) => u.ms)) };
  const fullB = listed(outputB, 'ru');

  const lines = [
    '<!-- offline:begin -->',
    '## Offline reading: what the service worker and a save cost',
    '',
    `Command: \`node benches/offline.mjs\` (after \`npm ci\` in \`benches/\`). Machine: ${machine()}.`,
    'The bundled portal served under a sub-path by `python3 -m http.server` (no compression), on',
    'loopback; bytes are what crossed the wire (headers and bodies), the median of 3 runs, each in',
    'a fresh browser context. Pagefind and the other static-site search tools have no offline mode,',
    'so the comparisons are with the same site without the worker and with a full download.',
    '',
    `The worker (\`sw.js\`): ${sw.length} bytes, ${gzipSync(sw).length} gzipped.`,
    '',
    '| first visit of a guide (ru/guides/iin/) | bytes | requests |',
    '|---|---|---|',
    `| without the service worker (blocked) | ${KiB(w0)} | ${median(without.map((r) => r.requests))} |`,
    `| with it, until it has kept the page (the worker's script included) | ${KiB(w1)} (${(w1 / w0).toFixed(2)}×) | ${median(withWorker.map((r) => r.requests)) + 1} |`,
    '',
    'Beyond the worker\'s script the first visit downloads nothing: what the page loaded before the',
    'worker ran is kept from the browser\'s HTTP cache. A host that compresses sends the script in',
    `${(gzipSync(sw).length / 1024).toFixed(1)} KiB.`,
    '',
    '| save for offline | files | listed size | downloaded | time (loopback) |',
    '|---|---|---|---|---|',
    ...saves.map((s) => `| ${s.code} | ${s.files} | ${KiB(s.listed)} | ${KiB(s.bytes)} (${(s.bytes / s.listed).toFixed(2)}×) | ${s.ms} ms |`),
    '',
    'A save brings the reading\'s home, guides and sections, regions and search page, the theme\'s',
    'style sheet, script and icons, the search runtime and every index file the browser reads',
    '(the index holds all languages, so most of a save is shared between readings: a second',
    'language saved after the first downloads only its own pages). "Downloaded" counts headers',
    'too; the page the control is on, already kept, is not fetched again.',
    '',
    '| update after a one-guide change (ru) | files | downloaded | time |',
    '|---|---|---|---|',
    `| build B deployed over A, saved pages brought up to date | ${update.files} | ${KiB(update.bytes)} (${(update.bytes / fullB).toFixed(2)}× a full save, ${KiB(fullB)}) | ${update.ms} ms |`,
    '',
    'Most of an update is the search index: the guide\'s new words change the postings chunks',
    'that hold them, and every term-table shard that names one of those chunks.',
    '<!-- offline:end -->',
  ];
  writeSection('offline', lines.join('\n'));
} finally {
  await browser.close();
  server.stop();
  rmSync(work, { recursive: true, force: true });
}
