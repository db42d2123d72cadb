// The search runtime traps (tantivy panics, and the runtime is built with panic = "abort") on a
// damaged index whose manifest was changed to match, as fuzz/chunk_reader damages it, on the
// index of tests/fixtures/data_site. The page must say so and stay usable.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite, launch, repo, serve } from './harness.js';

let browser;
let work;

before(async () => {
  browser = await launch();
  work = mkdtempSync(join(tmpdir(), 'bagdar-trap-'));
});

after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The name the index gives a chunk (bagdar_search::bundle::chunk_name: FNV-1a, 128 bits). */
function chunkName(bytes) {
  const prime = 0x0000000001000000000000000000013bn;
  const mask = (1n << 128n) - 1n;
  let hash = 0x6c62272e07bb014262b821756295c58dn;
  for (const byte of bytes) {
    hash ^= BigInt(byte);
    hash = (hash * prime) & mask;
  }
  return hash.toString(16).padStart(32, '0');
}

/**
 * Damages the index in `output` as fuzz/src/lib.rs `chunk_reader` does with `input` (mode,
 * chunk, offset, payload; the "flip bytes, manifest changed to match" kind only).
 */
function damage(output, input) {
  const [mode, pick, cut, ...payload] = input;
  assert.equal(mode & 7, 4, 'a consistent flip of bytes');
  const search = join(output, 'search');
  const manifest = JSON.parse(readFileSync(join(search, 'manifest.json'), 'utf8'));
  const chunk = manifest.chunks[pick % manifest.chunks.length];
  const bytes = readFileSync(join(search, 'chunks', `${chunk.name}.bin`));
  payload.forEach((b, i) => {
    bytes[(cut * 64 + i * 7) % Math.max(bytes.length, 1)] ^= b;
  });
  const name = chunkName(bytes);
  writeFileSync(join(search, 'chunks', `${name}.bin`), bytes);
  manifest.preload = manifest.preload.map((p) => (p === chunk.name ? name : p));
  chunk.name = name;
  chunk.len = bytes.length;
  writeFileSync(join(search, 'manifest.json'), JSON.stringify(manifest));
}

async function settled(page) {
  await page.waitForFunction(() => {
    const status = document.getElementById('search-results-status');
    return status && status.textContent && !/…$/.test(status.textContent);
  }, null, { timeout: 30000 });
  return {
    status: await page.textContent('#search-results-status'),
    hits: await page.$$eval('#search-results .search-hit', (hits) => hits.length),
  };
}

async function searchFor(page, query) {
  await page.evaluate((q) => {
    document.getElementById('search-page-q').value = q;
    document.querySelector('form.search-form-page').requestSubmit();
  }, query);
  return settled(page);
}

test('a damaged index that makes the runtime trap: the page says so and later searches still end', async () => {
  const root = join(work, 'site');
  cpSync(join(repo, 'themes/default'), join(root, 'themes/default'), { recursive: true });
  cpSync(join(repo, 'tests/fixtures/data_site'), root, { recursive: true });
  const output = buildSite(root);
  // A byte of the first chunk flipped, the manifest renamed to match: tantivy panics reading
  // the field norms (fuzz/corpus/chunk_reader/consistent-fieldnorm; natively the panic is
  // caught and becomes an error).
  damage(output, readFileSync(join(repo, 'fuzz/corpus/chunk_reader/consistent-fieldnorm')));
  const server = await serve(output, '/');
  const page = await browser.newPage();
  try {
    await probeAndSearch(server, page);
  } finally {
    await page.close();
    server.stop();
  }
});

async function probeAndSearch(server, page) {
  const queries = ['кандастар', 'doctor', '"Павлодар облысы"', 'teacher -doctor', 'врач', 'Павлодар'];
  // First, straight to a worker: which queries trap the runtime (and that one does).
  await page.goto(`${server.base}ru/search/`);
  const form = await page.$eval('form.search-form', (f) => ({ worker: f.dataset.worker, wasm: f.dataset.wasm, manifest: f.dataset.manifest }));
  const answers = await page.evaluate(async ({ form, queries }) => {
    const out = [];
    for (const query of queries) {
      // A fresh worker for each: after a trap an instance is not to be trusted.
      const worker = new Worker(form.worker);
      const ask = (message) => new Promise((resolve) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.postMessage(message);
      });
      const opened = await ask({ type: 'open', wasm: new URL(form.wasm, location.href).href, manifest: new URL(form.manifest, location.href).href });
      const answer = opened.type === 'ready' ? await ask({ type: 'search', id: 1, request: { query, lang: 'ru', limit: 10 } }) : opened;
      out.push({ query, type: answer.type, message: answer.message || '' });
      worker.terminate();
    }
    return out;
  }, { form, queries });
  const traps = answers.filter((a) => /unreachable|RuntimeError/i.test(a.message));
  assert.ok(traps.length > 0, `the damage makes the runtime trap: ${JSON.stringify(answers)}`);
  const trapping = traps[0].query;

  // Then the search page, as a visitor uses it: a clear message, no endless "…".
  const messages = await page.evaluate(() => JSON.parse(document.getElementById('search-strings').textContent));
  const first = await searchFor(page, trapping);
  assert.equal(first.status, messages.errorLoad, 'the trap is reported as the search not loading');
  assert.equal(first.hits, 0);
  // The page stays usable: every later search ends, with results or the message again.
  for (const query of [trapping, ...queries]) {
    const later = await searchFor(page, query);
    const expected = answers.find((a) => a.query === query);
    if (expected.type === 'result') {
      assert.notEqual(later.status, messages.errorLoad, `"${query}" works again after the trap`);
    } else {
      assert.equal(later.status, messages.errorLoad, `"${query}"`);
    }
  }
}
