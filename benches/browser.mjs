// Browser search benchmarks: what the first search costs a visitor on a phone, for Bagdar and
// for Pagefind indexing the same built HTML, in one run, on the bundled portal and on a site
// with 10,000 synthetic vacancies.
//
// - Served as a plain host serves files: python3 -m http.server, which compresses nothing.
//   Service workers are blocked, so that every byte crosses the network.
//   Bytes are what crossed the wire: every response's headers and body as sent (Bagdar's
//   search files are gzip-compressed at build time, Pagefind's are compressed by Pagefind).
// - Time runs from the keystroke (Bagdar: the query typed into the search page's box, which
//   the visitor has just focused; Pagefind: its script imported and the search called) to
//   the first RESULTS results drawn (Bagdar) or their data loaded (Pagefind): equal numbers.
// - "mobile" emulates Lighthouse's mobile network: 150 ms round trip, 1.6 Mbit/s down.
// - A later query: the new bytes and the time, in the same page.
// - Engine time: what the runtime itself spends on a later query once its files are here
//   (the worker's own measure, without fetching).
//
// Usage (from the repository root): node benches/browser.mjs   (after `npm ci` in benches/)
import { execFileSync, execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, repo, serve } from '../tests/browser/harness.js';
import { bagdar, machine as benchMachine, median, pagefindVersion, synthetic, today, writeSection } from './common.mjs';

const pagefind = join(repo, 'benches/node_modules/.bin/pagefind');
const RUNS = 3;
/** Results drawn, for both tools: Bagdar's search page shows this many at first. */
const RESULTS = 10;
const QUERIES = [['kk', 'кандастар', 'квота'], ['ru', 'вид на жительство', 'работа Павлодар'], ['en', 'work permit', 'housing']];
const MOBILE = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

function build(root) {
  const output = join(mkdtempSync(join(tmpdir(), 'bagdar-bench-')), 'public');
  execFileSync(bagdar, ['build', '--root', root, '--output', output, '--today', today], { stdio: 'ignore' });
  execFileSync(pagefind, ['--site', output, '--root-selector', 'main', '--quiet'], { stdio: 'ignore' });
  return output;
}

/** Records every response of the context with the bytes it put on the wire. */
function wire(page) {
  const log = [];
  page.on('requestfinished', async (request) => {
    const entry = { url: request.url(), bytes: 0 };
    log.push(entry);
    const sizes = await request.sizes().catch(() => null);
    if (sizes) entry.bytes = sizes.responseHeadersSize + sizes.responseBodySize;
  });
  return log;
}

const settle = () => new Promise((r) => setTimeout(r, 300));
const bytesOf = (entries) => entries.reduce((sum, e) => sum + e.bytes, 0);

/** One cold-cache first query and one later query; returns bytes, times and requests. */
async function measure(browser, server, tool, lang, first, later, network) {
  // Service workers blocked: these figures are what the network carries on a first visit;
  // Bagdar's offline worker (benches/offline.mjs) would answer from its cache instead, and it
  // would also sit between the page and Pagefind's files, which share the site.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', network);
  }
  const log = wire(page);
  let run;
  if (tool === 'bagdar') {
    await page.goto(`${server.base}${lang}/search/`);
    await page.waitForLoadState('networkidle');
    let typed = false;
    run = async (query) => {
      const start = Date.now();
      if (!typed) {
        // Focus (which starts the runtime) and the first keystroke at once, as a visitor who
        // taps the box and types: the whole query arrives in one input event.
        typed = true;
        await page.focus('#search-page-q');
        await page.fill('#search-page-q', query);
      } else {
        // A later query submitted (Enter), so the pause the page waits for while typing is
        // not counted.
        await page.evaluate((q) => {
          document.getElementById('search-page-q').value = q;
          document.querySelector('form.search-form-page').requestSubmit();
        }, query);
      }
      await page.waitForFunction(({ q, n }) => {
        const status = document.getElementById('search-results-status').textContent;
        return new URL(location.href).searchParams.get('q') === q && status && !/…$/.test(status)
          && document.querySelectorAll('#search-results .search-hit').length >= Math.min(n, 1);
      }, { q: query, n: RESULTS }, { timeout: 120000 });
      return Date.now() - start;
    };
  } else {
    await page.goto(`${server.base}${lang}/`);
    await page.waitForLoadState('networkidle');
    run = (query) => page.evaluate(async ({ q, n }) => {
      const start = performance.now();
      if (!window.pf) {
        window.pf = await import(new URL('../pagefind/pagefind.js', location.href).href);
        await window.pf.init();
      }
      const search = await window.pf.search(q);
      await Promise.all(search.results.slice(0, n).map((r) => r.data()));
      return performance.now() - start;
    }, { q: query, n: RESULTS });
  }
  await settle();
  const before = log.length;
  const firstMs = await run(first);
  await settle();
  const firstRequests = log.slice(before);
  const middle = log.length;
  const laterMs = await run(later);
  await settle();
  const laterRequests = log.slice(middle);
  await context.close();
  return { firstBytes: bytesOf(firstRequests), laterBytes: bytesOf(laterRequests), firstMs, laterMs, requests: firstRequests.length };
}

/** The worker's own engine time for each query's later run, once its files are here. */
async function engineTimes(browser, server) {
  const page = await browser.newPage({ serviceWorkers: 'block' });
  await page.goto(`${server.base}en/search/`);
  const form = await page.$eval('form.search-form', (f) => ({ worker: f.dataset.worker, wasm: f.dataset.wasm, manifest: f.dataset.manifest }));
  const times = await page.evaluate(async ({ form, queries, n }) => {
    const worker = new Worker(form.worker);
    const ask = (message) => new Promise((resolve, reject) => {
      worker.onmessage = (e) => (e.data.type === 'error' ? reject(new Error(e.data.message)) : resolve(e.data));
      worker.postMessage(message);
    });
    await ask({ type: 'open', wasm: new URL(form.wasm, location.href).href, manifest: new URL(form.manifest, location.href).href });
    const out = [];
    let id = 0;
    for (const [lang, first, later] of queries) {
      for (const query of [first, later]) {
        const cold = await ask({ type: 'search', id: ++id, request: { query, lang, limit: n } });
        const warm = await ask({ type: 'search', id: ++id, request: { query, lang, limit: n } });
        out.push({ query, rounds: cold.response.timing.rounds.length, coldEngine: cold.response.timing.engine, warmEngine: warm.response.timing.engine });
      }
    }
    worker.terminate();
    return out;
  }, { form, queries: QUERIES, n: RESULTS });
  await page.close();
  return times;
}

async function site(name, root) {
  const output = build(root);
  const server = await serve(output, '/portal/');
  const browser = await launch();
  const rows = [];
  for (const tool of ['bagdar', 'pagefind']) {
    for (const [label, network] of [['loopback', null], ['mobile', MOBILE]]) {
      // Per query pair, the median of its runs; then the mean over the pairs.
      const perPair = [];
      for (const [lang, first, later] of QUERIES) {
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, server, tool, lang, first, later, network));
        perPair.push(Object.fromEntries(['firstBytes', 'laterBytes', 'firstMs', 'laterMs', 'requests'].map((k) => [k, median(runs.map((r) => r[k]))])));
      }
      const mean = (key) => perPair.reduce((sum, r) => sum + r[key], 0) / perPair.length;
      rows.push({
        site: name,
        tool,
        network: label,
        firstBytes: mean('firstBytes'),
        laterBytes: mean('laterBytes'),
        firstMs: mean('firstMs'),
        laterMs: mean('laterMs'),
        requests: Math.round(mean('requests')),
      });
    }
  }
  const engine = await engineTimes(browser, server);
  await browser.close();
  server.stop();
  return { rows, output, engine };
}

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

async function main() {
  execSync('cargo build --release --locked --bin bagdar --bin bagdar-synth', { cwd: repo, stdio: 'inherit' });
  const portal = await site('bundled portal', repo);
  const synthRoot = synthetic(10000);
  const big = await site('+ 10,000 vacancies', synthRoot);
  const search = join(portal.output, 'search');
  const wasm = readFileSync(join(search, readdirSync(search).find((f) => f.endsWith('.wasm'))));
  const raw = execFileSync('gzip', ['-dc'], { input: wasm, maxBuffer: 1 << 26 });
  const pagefindWasm = readdirSync(join(portal.output, 'pagefind')).filter((f) => f.endsWith('.pagefind'))
    .map((f) => readFileSync(join(portal.output, 'pagefind', f)).length).reduce((a, b) => a + b, 0);

  const machine = benchMachine(pagefindVersion(pagefind));
  const all = [...portal.rows, ...big.rows];
  const ratio = (row, key) => {
    const other = all.find((r) => r.site === row.site && r.network === row.network && r.tool === 'pagefind');
    return row.tool === 'bagdar' ? ` (${(row[key] / other[key]).toFixed(2)}×)` : '';
  };
  const lines = all.map((r) =>
    `| ${r.site} | ${r.tool === 'bagdar' ? 'Bagdar' : 'Pagefind'} | ${r.network} | ${kib(r.firstBytes)}${ratio(r, 'firstBytes')} | ${r.requests} | ${r.firstMs.toFixed(0)} ms${ratio(r, 'firstMs')} | ${kib(r.laterBytes)} | ${r.laterMs.toFixed(0)} ms${ratio(r, 'laterMs')} |`);
  const engineLines = [['bundled portal', portal.engine], ['+ 10,000 vacancies', big.engine]].flatMap(([label, times]) =>
    times.map((t) => `| ${label} | ${t.query} | ${t.rounds} | ${t.coldEngine.toFixed(1)} ms | ${t.warmEngine.toFixed(1)} ms |`));
  const section = `<!-- browser:begin -->
## Search in the browser: what the first search costs

Command: \`node benches/browser.mjs\` (after \`npm ci\` in \`benches/\`). Machine: ${machine}.
Both tools serve the same built site from \`python3 -m http.server\` under a sub-path, which
compresses nothing, as many hosts do, with service workers blocked. Each figure is the mean over three query pairs (kk, ru,
en) of the median of ${RUNS} runs, each in a fresh browser context (cold cache). Bytes: what crossed the
wire, headers and bodies of every response the search caused (Bagdar's search files are
gzip-compressed at build time; Pagefind's are compressed by Pagefind). Time: from the keystroke
on the search page (Bagdar: focus and the query typed at once) or the call of Pagefind's
script (its import, \`init\` and \`search\`) to ${RESULTS} results drawn (Bagdar) or their data
loaded (Pagefind). "mobile" emulates Lighthouse's mobile network (150 ms round trip,
1.6 Mbit/s). Ratios are Bagdar / Pagefind (lower is better).

| site | tool | network | first query: bytes | requests | first query: time | later query: new bytes | later query: time |
|---|---|---|---|---|---|---|---|
${lines.join('\n')}

Runtime: Bagdar's WebAssembly module ${kib(raw.length)} raw, ${kib(wasm.length)} as shipped (gzip);
Pagefind's WebAssembly ${kib(pagefindWasm)} as shipped.

The runtime's own time (\`timing.engine\` of the worker's answer: decoding, scoring, ranking,
without fetching), in a worker on the same machine, for ${RESULTS} results: on the query's
first run (the files arriving over the rounds of fetching shown), and run again with its files
here.

| site | query | rounds | engine, first run | engine, files here |
|---|---|---|---|---|
${engineLines.join('\n')}
<!-- browser:end -->`;

  writeSection('browser', section);
  rmSync(synthRoot, { recursive: true, force: true });
}

await main();
