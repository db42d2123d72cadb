// Editors' preview benchmark: on a synthetic site of about 30,000 pages (the bundled guides
// and regions in three languages, and 10,000 synthetic vacancies), the time from saving a
// guide to the open page in Chromium having reloaded with the new text, over 20 edits
// (p50, p95), beside the time of a full `bagdar build` of the same site. Writes the figures
// into BENCHMARKS.md.
//
// Usage (from the repository root, after `cargo build --release` and `npm ci` in benches/):
//   node benches/serve.mjs
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { launch } from '../tests/browser/harness.js';
import { bagdar, machine as benchMachine, median, synthetic, today, writeSection } from './common.mjs';

const EDITS = 20;
const FULL_RUNS = 3;
const GUIDE = 'content/guides/housing.ru.md';
const PAGE = 'ru/guides/housing/';

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];


function fullBuild(root) {
  const output = join(root, 'full');
  const started = performance.now();
  const out = execFileSync(bagdar, ['build', '--root', root, '--output', output, '--today', today], { encoding: 'utf8' });
  const ms = performance.now() - started;
  const pages = Number(out.match(/Built (\d+) pages/)?.[1] ?? 0);
  rmSync(output, { recursive: true, force: true });
  return { ms, pages };
}

async function main() {
  const root = synthetic(10000);
  const full = [];
  for (let i = 0; i < FULL_RUNS; i++) full.push(fullBuild(root));
  const pages = full[0].pages;

  const server = spawn(bagdar, ['serve', '--root', root, '--port', '0', '--today', today], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout });
  const rebuilt = [];
  let onLine = () => {};
  let indexed = 0;
  let rebuiltAt = 0;
  lines.on('line', (line) => {
    const ms = line.match(/^Rebuilt in (\d+) ms/);
    if (ms) {
      rebuilt.push(Number(ms[1]));
      rebuiltAt = performance.now();
    }
    if (line.startsWith('Search index updated')) indexed += 1;
    onLine(line);
  });
  const indexedAfter = async (count) => {
    const deadline = Date.now() + 60000;
    while (indexed < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  };
  const base = await new Promise((resolve) => {
    onLine = (line) => {
      const url = line.match(/at (http:\/\/\S+\/)/);
      if (url) resolve(url[1]);
    };
  });

  const browser = await launch();
  const page = await browser.newPage();
  await page.goto(`${base}${PAGE}`);
  await page.evaluate(() => window.scrollTo(0, 400));
  const guide = join(root, GUIDE);
  const original = readFileSync(guide, 'utf8');
  const times = [];
  const heard = [];
  for (let i = 1; i <= EDITS; i++) {
    const title = `Жильё после переезда ${i}`;
    const started = performance.now();
    writeFileSync(guide, original.replace(/^title: .*$/m, `title: "${title}"`));
    // Polled from outside the page: works whether it is updated in place or reloaded.
    const deadline = started + 60000;
    while (!(await page.title().catch(() => '')).startsWith(title)) {
      if (performance.now() > deadline) throw new Error(`edit ${i}: the page never showed ${title}`);
      await new Promise((r) => setTimeout(r, 2));
    }
    const heading = await page.locator('main h1').innerText();
    if (!heading.startsWith(title)) throw new Error(`edit ${i}: the heading reads ${heading}`);
    times.push(performance.now() - started);
    heard.push(rebuiltAt - started);
    // Let the background search index finish, as an editor reading the page would.
    await indexedAfter(i);
  }
  await browser.close();
  server.kill('SIGINT');
  rmSync(root, { recursive: true, force: true });

  const machine = benchMachine();
  const fullMs = median(full.map((f) => f.ms));
  const p50 = percentile(times, 50);
  const section = `<!-- serve:begin -->
## Editors' preview: from saving a guide to the page showing it

Command: \`node benches/serve.mjs\` (after \`cargo build --release\` and \`npm ci\` in \`benches/\`). Machine: ${machine}.
Site: the bundled guides and regions and 10,000 synthetic vacancies, ${pages.toLocaleString('en')} pages in three languages.
\`bagdar serve\` runs on it with the guide \`${GUIDE}\` open in Chromium at \`/${PAGE}\`; ${EDITS} times,
the guide's title is changed and saved, and the time is taken from the write to the open
page showing the new title (the preview updates the title, the breadcrumb and the text in
place; a change to its head, layout, forms or scripts would reload it). "Server" is the rebuild as
\`bagdar serve\` reports it (load the guides, model, render the pages that can change, write the
files that did). The search index is rebuilt after each edit in the background and is not
part of the figure.

| | p50 | p95 |
|---|---|---|
| save → the open page shows the new text | ${p50.toFixed(0)} ms | ${percentile(times, 95).toFixed(0)} ms |
| save → rebuild done (the server's line read) | ${percentile(heard, 50).toFixed(0)} ms | ${percentile(heard, 95).toFixed(0)} ms |
| of which the rebuild itself | ${percentile(rebuilt, 50)} ms | ${percentile(rebuilt, 95)} ms |
| full \`bagdar build\` of the same site (median of ${FULL_RUNS}) | ${fullMs.toFixed(0)} ms | |

The preview shows an edit ${(fullMs / p50).toFixed(0)}× sooner than a full rebuild would.
<!-- serve:end -->`;
  writeSection('serve', section);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
