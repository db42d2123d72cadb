// Search benchmarks: relevance, index size and index build time of Bagdar's prebuilt tantivy
// index beside Pagefind indexing the same built HTML, in one run, on the bundled portal and
// on a site with 10,000 synthetic vacancies. Writes the figures into BENCHMARKS.md.
//
// Usage (from the repository root): node benches/search.mjs
// Needs: cargo, python3, node/npm (run `npm ci` in benches/ first), Debian's chromium.
import { execFileSync, execSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launch, relevanceSuite, repo, serve } from '../tests/browser/harness.js';
import { bagdar, countPages, folderBytes, machine, median, pagefindVersion, synthetic, today, writeSection } from './common.mjs';

const RUNS = 3;
const pagefind = join(repo, 'benches/node_modules/.bin/pagefind');

function timed(fn) {
  const start = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

function folderGzipBytes(dir) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    total += statSync(path).isDirectory() ? folderGzipBytes(path) : gzipSync(readFileSync(path)).length;
  }
  return total;
}

/** Builds a site RUNS times; returns the output and median wall and index-stage times. */
function buildSite(root) {
  const output = join(mkdtempSync(join(tmpdir(), 'bagdar-bench-')), 'public');
  const walls = [];
  const indexes = [];
  for (let i = 0; i < RUNS; i++) {
    const { ms, result } = timed(() =>
      execFileSync(bagdar, ['build', '--root', root, '--output', output, '--today', today, '--timings'], { encoding: 'utf8' }),
    );
    walls.push(ms);
    indexes.push(Number(/index (\d+)/.exec(result)[1]));
  }
  return { output, buildMs: median(walls), indexMs: median(indexes), pages: countPages(output) };
}

/** Runs Pagefind RUNS times on a built site; returns its bundle folder and median time. */
function runPagefind(output) {
  const walls = [];
  for (let i = 0; i < RUNS; i++) {
    rmSync(join(output, 'pagefind'), { recursive: true, force: true });
    walls.push(timed(() => execFileSync(pagefind, ['--site', output, '--root-selector', 'main', '--quiet'], { stdio: 'ignore' })).ms);
  }
  return { dir: join(output, 'pagefind'), ms: median(walls) };
}

function metrics(cases, rankings) {
  let at1 = 0, at3 = 0, mrr = 0;
  cases.forEach((c, i) => {
    const rank = rankings[i].findIndex((url) => c.expected.includes(url)) + 1;
    if (rank === 1) at1++;
    if (rank >= 1 && rank <= 3) at3++;
    if (rank >= 1) mrr += 1 / rank;
  });
  const n = cases.length;
  return { at1: at1 / n, at3: at3 / n, mrr: mrr / n };
}

function oursRankings(output, cases) {
  return cases.map((c) => {
    const json = execFileSync(bagdar, ['search', c.query, '--output', output, '--lang', c.lang, '--limit', '10', '--json'], { encoding: 'utf8' });
    return JSON.parse(json).map((h) => h.url.split('#')[0]);
  });
}

async function pagefindRankings(output, cases) {
  const server = await serve(output, '/');
  const browser = await launch();
  const page = await browser.newPage();
  const rankings = [];
  try {
    for (const lang of ['kk', 'ru', 'en', 'kk-Arab', 'kk-Latn']) {
      // Pagefind picks the index of the page's language, so ask from a page in that language
      // (an edition's pages, /kk-arab/, are a language of their own to it).
      await page.goto(`${server.base}${lang.toLowerCase()}/`);
      await page.evaluate(async () => {
        window.pf = await import('/pagefind/pagefind.js');
        await window.pf.init();
      });
      for (const [i, c] of cases.entries()) {
        if (c.lang !== lang) continue;
        const urls = await page.evaluate(async (q) => {
          const search = await window.pf.search(q);
          const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
          return data.map((d) => d.url);
        }, c.query);
        rankings[i] = urls.map((u) => u.replace(/^\//, '').split('#')[0].replace(/index\.html$/, ''));
      }
    }
  } finally {
    await browser.close();
    server.stop();
  }
  return rankings;
}

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const pct = (x) => `${(x * 100).toFixed(1)} %`;

async function main() {
  execSync('cargo build --release --locked --bin bagdar --bin bagdar-synth', { cwd: repo, stdio: 'inherit' });
  const cases = relevanceSuite();

  const portal = buildSite(repo);
  const portalPagefind = runPagefind(portal.output);
  const ours = metrics(cases, oursRankings(portal.output, cases));
  const theirs = metrics(cases, await pagefindRankings(portal.output, cases));

  const synthRoot = synthetic(10000);
  const big = buildSite(synthRoot);
  const bigPagefind = runPagefind(big.output);

  const sizes = (site, pf) => ({
    ours: folderBytes(join(site.output, 'search')),
    oursGz: folderGzipBytes(join(site.output, 'search')),
    theirs: folderBytes(pf.dir),
    theirsGz: folderGzipBytes(pf.dir),
  });
  const portalSizes = sizes(portal, portalPagefind);
  const bigSizes = sizes(big, bigPagefind);

  const rustc = execSync('rustc --version', { encoding: 'utf8' }).trim();
  const pagefindIs = pagefindVersion(pagefind);

  const row = (name, site, s, pf) =>
    `| ${name} | ${site.pages} | ${site.indexMs.toFixed(0)} ms | ${pf.ms.toFixed(0)} ms | ${(pf.ms / site.indexMs).toFixed(1)}× | ` +
    `${kib(s.ours)} (${kib(s.oursGz)} gz) | ${kib(s.theirs)} (${kib(s.theirsGz)} gz) | ` +
    `${(s.ours / site.pages / 1024).toFixed(2)} KiB | ${(s.theirs / site.pages / 1024).toFixed(2)} KiB |`;

  const section = `<!-- search:begin -->
## Search: relevance, index size, index time

Command: \`node benches/search.mjs\` (after \`npm ci\` in \`benches/\`). Machine: ${machine(`${rustc}; node ${process.version}; ${pagefindIs}`)}.
Medians of ${RUNS} runs. Pagefind indexes the same built HTML (\`--root-selector main\`) and is
queried in headless Chromium through its own JavaScript API, from a page of the query's language.

**Relevance** — the ${cases.length} queries of \`tests/relevance/queries.tsv\` (Kazakh in Cyrillic, on a
Russian keyboard and in Latin; Kazakh in the Arabic script and in Latin on the kk-Arab and
kk-Latn editions' pages; Russian; English), each with the page(s) that must be in the top 3:

| | success@1 | success@3 | MRR |
|---|---|---|---|
| Bagdar (tantivy + kk/ru/en analysis) | ${pct(ours.at1)} | ${pct(ours.at3)} | ${ours.mrr.toFixed(3)} |
| ${pagefindIs.replace('pagefind', 'Pagefind')} | ${pct(theirs.at1)} | ${pct(theirs.at3)} | ${theirs.mrr.toFixed(3)} |
| ratio Bagdar / Pagefind | ${(ours.at1 / Math.max(theirs.at1, 1e-9)).toFixed(2)}× | ${(ours.at3 / Math.max(theirs.at3, 1e-9)).toFixed(2)}× | ${(ours.mrr / Math.max(theirs.mrr, 1e-9)).toFixed(2)}× |

**Index** — build time of the index (Bagdar: the index stage of \`bagdar build --timings\`;
Pagefind: its whole run) and size on disk (and gzipped, as a host would send it). Each size
is the whole search folder, runtime included: Bagdar's \`search/\` (index chunks, manifest, the
WebAssembly module and its worker), Pagefind's \`pagefind/\` (fragments, index, its JavaScript,
WebAssembly and UI files):

| site | HTML pages | Bagdar index | Pagefind | Pagefind / Bagdar | Bagdar size | Pagefind size | Bagdar per page | Pagefind per page |
|---|---|---|---|---|---|---|---|---|
${row('bundled portal', portal, portalSizes, portalPagefind)}
${row('+ 10,000 synthetic vacancies', big, bigSizes, bigPagefind)}

Whole \`bagdar build\` (all stages): bundled portal ${portal.buildMs.toFixed(0)} ms, with 10,000 vacancies ${big.buildMs.toFixed(0)} ms.
<!-- search:end -->`;

  writeSection('search', section);
  for (const dir of [synthRoot, dirname(portal.output), dirname(big.output)]) rmSync(dir, { recursive: true, force: true });
}

await main();
