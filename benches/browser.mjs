// Browser search benchmarks: what the first search costs a visitor on a phone. For Bagdar
// and for Pagefind indexing the same built HTML, in one run: bytes transferred for the first
// query on a cold cache and for a later query (each file counted gzipped, as a host would
// send it), and time from the first keystroke to the first result, on loopback and under
// Lighthouse's mobile network profile (150 ms round trip, 1.6 Mbit/s down). Also the
// runtime's size raw and gzipped. Writes the figures into BENCHMARKS.md.
//
// Usage (from the repository root): node benches/browser.mjs   (after `npm ci` in benches/)
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launch, repo, serve } from '../tests/browser/harness.js';
import { bagdar, machine as benchMachine, median, synthetic, today, writeSection } from './common.mjs';

const pagefind = join(repo, 'benches/node_modules/.bin/pagefind');
const RUNS = 3;
const QUERIES = [['kk', 'кандастар', 'квота'], ['ru', 'вид на жительство', 'работа Павлодар'], ['en', 'work permit', 'housing']];
const MOBILE = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };


function build(root) {
  const output = join(mkdtempSync(join(tmpdir(), 'bagdar-bench-')), 'public');
  execFileSync(bagdar, ['build', '--root', root, '--output', output, '--today', today], { stdio: 'ignore' });
  execFileSync(pagefind, ['--site', output, '--root-selector', 'main', '--quiet'], { stdio: 'ignore' });
  return output;
}

function gzipped(output, prefix, paths) {
  let total = 0;
  for (const path of new Set(paths)) {
    const file = join(output, decodeURIComponent(path.slice(prefix.length)));
    if (existsSync(file) && statSync(file).isFile()) total += gzipSync(readFileSync(file)).length;
  }
  return total;
}

/** One cold-cache first query and one later query; returns bytes and times. */
async function measure(browser, server, output, tool, lang, first, later, network) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const cdp = await context.newCDPSession(page);
  if (network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', network);
  }
  const prefix = new URL(server.base).pathname;
  let firstMs;
  let laterMs;
  let firstRequests;
  if (tool === 'bagdar') {
    await page.goto(`${server.base}${lang}/search/`);
    await page.waitForLoadState('networkidle');
    const before = requests.length;
    const run = async (query) => {
      const start = Date.now();
      await page.fill('#search-page-q', query);
      await page.waitForFunction((q) => {
        const status = document.getElementById('search-results-status').textContent;
        return new URL(location.href).searchParams.get('q') === q && status && !/…$/.test(status) && document.querySelector('#search-results .search-hit');
      }, query, { timeout: 120000 });
      return Date.now() - start;
    };
    firstMs = await run(first);
    firstRequests = requests.slice(before);
    laterMs = await run(later);
  } else {
    await page.goto(`${server.base}${lang}/`);
    await page.waitForLoadState('networkidle');
    const before = requests.length;
    const run = (query) =>
      page.evaluate(async (q) => {
        const start = performance.now();
        if (!window.pf) {
          window.pf = await import(new URL('../pagefind/pagefind.js', location.href).href);
          await window.pf.init();
        }
        const search = await window.pf.search(q);
        await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
        return performance.now() - start;
      }, query);
    firstMs = await run(first);
    firstRequests = requests.slice(before);
    laterMs = await run(later);
  }
  const laterRequests = requests.slice(requests.indexOf(firstRequests.at(-1)) + 1);
  const result = {
    firstBytes: gzipped(output, prefix, firstRequests),
    laterBytes: gzipped(output, prefix, laterRequests.filter((p) => !firstRequests.includes(p))),
    firstMs,
    laterMs,
  };
  await context.close();
  return result;
}

async function site(name, root) {
  const output = build(root);
  const server = await serve(output, '/portal/');
  const browser = await launch();
  const rows = [];
  for (const tool of ['bagdar', 'pagefind']) {
    for (const [label, network] of [['loopback', null], ['mobile', MOBILE]]) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        for (const [lang, first, later] of QUERIES) runs.push(await measure(browser, server, output, tool, lang, first, later, network));
      }
      rows.push({
        site: name,
        tool,
        network: label,
        firstBytes: median(runs.map((r) => r.firstBytes)),
        laterBytes: median(runs.map((r) => r.laterBytes)),
        firstMs: median(runs.map((r) => r.firstMs)),
        laterMs: median(runs.map((r) => r.laterMs)),
      });
    }
  }
  await browser.close();
  server.stop();
  return { rows, output };
}


const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

async function main() {
  execSync('cargo build --release --locked --bin bagdar --bin bagdar-synth', { cwd: repo, stdio: 'inherit' });
  const portal = await site('bundled portal', repo);
  const synthRoot = synthetic(10000);
  const big = await site('+ 10,000 vacancies', synthRoot);
  const wasmFile = readdirSync(join(portal.output, 'search')).find((f) => f.endsWith('.wasm'));
  const wasm = readFileSync(join(portal.output, 'search', wasmFile));
  const pagefindWasm = readdirSync(join(portal.output, 'pagefind')).filter((f) => f.endsWith('.pagefind'))
    .map((f) => readFileSync(join(portal.output, 'pagefind', f)).length).reduce((a, b) => a + b, 0);

  const machine = benchMachine('pagefind 1.6.0');
  const all = [...portal.rows, ...big.rows];
  const ratio = (row, key) => {
    const other = all.find((r) => r.site === row.site && r.network === row.network && r.tool === 'pagefind');
    return row.tool === 'bagdar' ? ` (${(row[key] / other[key]).toFixed(1)}×)` : '';
  };
  const lines = all.map((r) =>
    `| ${r.site} | ${r.tool === 'bagdar' ? 'Bagdar' : 'Pagefind'} | ${r.network} | ${kib(r.firstBytes)}${ratio(r, 'firstBytes')} | ${kib(r.laterBytes)} | ${r.firstMs.toFixed(0)} ms${ratio(r, 'firstMs')} | ${r.laterMs.toFixed(0)} ms${ratio(r, 'laterMs')} |`);
  const section = `<!-- browser:begin -->
## Search in the browser: what the first search costs

Command: \`node benches/browser.mjs\` (after \`npm ci\` in \`benches/\`). Machine: ${machine}.
Both tools serve the same built site from \`python3 -m http.server\` under a sub-path; each
figure is the median of ${RUNS} runs of three query pairs (kk, ru, en), each pair in a fresh
browser context (cold cache). Bytes: every file the search requested, gzipped as a host would
send it (Pagefind's files are already compressed). Time: from typing the query on the search
page (Bagdar) or calling \`pagefind.search\` (Pagefind) to the first result drawn (Bagdar) or
the first five results' data loaded (Pagefind). "mobile" emulates Lighthouse's mobile
network (150 ms round trip, 1.6 Mbit/s). Ratios are Bagdar / Pagefind (lower is better).

| site | tool | network | first query: bytes | later query: new bytes | first query: time | later query: time |
|---|---|---|---|---|---|---|
${lines.join('\n')}

Runtime size: Bagdar's WebAssembly module ${kib(wasm.length)} raw, ${kib(gzipSync(wasm).length)} gzipped;
Pagefind's WebAssembly ${kib(pagefindWasm)} (shipped compressed).
<!-- browser:end -->`;

  writeSection('browser', section);
  rmSync(synthRoot, { recursive: true, force: true });
}

await main();
