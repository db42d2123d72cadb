// Search in the browser, from a sub-path of a plain static server without Range support:
// queries in every language and spelling, filters, the page without JavaScript, lazy
// loading, clear errors, and parity with `bagdar search` on the whole relevance suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bagdarBin, buildSite, closeAfter, relevanceSuite, repo, serve, servedPortal, watch } from './harness.js';

const portal = servedPortal();

async function searchPage(t, query, lang, params = '') {
  const page = closeAfter(t, await portal.browser.newPage());
  const problems = watch(page);
  await page.goto(`${portal.server.base}${lang}/search/?q=${encodeURIComponent(query)}${params}`);
  await page.waitForFunction(() => {
    const status = document.getElementById('search-results-status');
    return status && status.textContent && !/…$/.test(status.textContent);
  });
  const hits = await page.$$eval('#search-results .search-hit a', (links) => links.map((a) => new URL(a.href).pathname));
  return { page, problems, hits: hits.map((p) => p.replace('/centre/portal/', '')) };
}

const firsts = [
  ['kk', 'қандастар', 'kk/guides/qandas-status/'],
  ['kk', 'кандастар', 'kk/guides/qandas-status/'],
  ['kk', 'qandastar', 'kk/guides/qandas-status/'],
  ['kk', 'Жетысу', 'kk/regions/jetisu/'],
  ['kk', 'Zhetysu', 'kk/regions/jetisu/'],
  ['ru', 'вид на жительство', 'ru/guides/residence-permit/'],
  ['ru', 'Жетысуская', 'ru/regions/jetisu/'],
  ['en', 'work permit', 'en/guides/labour-migrants/work-permit/'],
  ['en', 'citizenship', 'en/guides/citizenship/'],
];

for (const [lang, query, expected] of firsts) {
  test(`"${query}" on the ${lang} search page finds ${expected} first`, async (t) => {
    const { page, problems, hits } = await searchPage(t, query, lang);
    assert.ok(hits.length > 0, 'results appear');
    assert.equal(hits[0].split('#')[0], expected);
    assert.deepEqual(problems, []);
  });
}

test('results show title, section, a marked snippet and the count, in the page language', async (t) => {
  const { page } = await searchPage(t, 'кандастар', 'ru');
  const status = await page.textContent('#search-results-status');
  assert.match(status, /^\d+ результат/);
  const marks = await page.$$eval('#search-results mark', (m) => m.map((x) => x.textContent.toLowerCase()));
  assert.ok(marks.some((m) => m.startsWith('канд') || m.startsWith('қанд')), `marked words: ${marks}`);
  assert.equal(await page.getAttribute('#search-results-status', 'role'), 'status');
  await page.screenshot({ path: join(repo, 'tests/browser/screenshots/ru-search.png'), fullPage: true });
});

test('the kind and region filters narrow the results', async (t) => {
  const { page, hits } = await searchPage(t, 'врач', 'ru', '&kind=vacancy&region=pavlodar');
  assert.ok(hits.length > 0);
  assert.ok(hits.every((h) => h.includes('/vacancies/')), hits.join(' '));
  const metas = await page.$$eval('#search-results .hit-meta', (m) => m.map((x) => x.textContent));
  assert.equal(metas.length, hits.length, 'every hit shows its region');
  assert.ok(metas.every((m) => m.includes('Павлодарская область')), metas.join(' | '));
  await page.selectOption('#search-kind', 'guide');
  await page.selectOption('#search-region', '');
  await page.waitForFunction(() => {
    const links = [...document.querySelectorAll('#search-results .search-hit a')];
    return links.length > 0 && links.every((a) => a.href.includes('/guides/'));
  });
  assert.match(page.url(), /kind=guide/);
});

test('nothing search-related is downloaded until the search box is focused', async (t) => {
  const page = closeAfter(t, await portal.browser.newPage());
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${portal.server.base}en/guides/housing/`);
  await page.waitForLoadState('networkidle');
  assert.deepEqual(requests.filter((p) => p.includes('/search/')), [], 'no runtime or index before focus');
  await page.focus('#site-search');
  for (let i = 0; i < 100 && !requests.some((p) => p.endsWith('.wasm')); i++) await page.waitForTimeout(100);
  assert.ok(requests.some((p) => p.endsWith('.wasm')), 'the runtime loads on focus');
  await page.keyboard.type('housing');
  await page.waitForSelector('#site-search-panel .search-hit');
  assert.ok(requests.some((p) => /search\/chunks\/[0-9a-f]{16}\.bin$/.test(p)), 'chunks fetched on demand');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement.tagName);
  assert.ok(['BUTTON', 'A'].includes(focused), `keyboard moves on from the box (${focused})`);
});

test('without JavaScript the search page explains and lists the sections', async (t) => {
  const context = closeAfter(t, await portal.browser.newContext({ javaScriptEnabled: false }));
  const page = await context.newPage();
  await page.goto(`${portal.server.base}kk/search/?q=квота`);
  assert.equal(await page.isVisible('.search-nojs'), true);
  assert.equal(await page.isVisible('.search-page'), false);
  const links = await page.$$eval('.search-nojs a', (a) => a.map((x) => new URL(x.href).pathname));
  assert.ok(links.some((l) => l.endsWith('/kk/guides/')) && links.some((l) => l.endsWith('/kk/regions/')));
  await page.goto(`${portal.server.base}kk/guides/housing/`);
  await page.fill('#site-search', 'квота');
  await page.press('#site-search', 'Enter');
  await page.waitForURL(/\/kk\/search\/\?q=/);
});

test('a runtime that cannot load gives a clear message, not a hang', async (t) => {
  const broken = buildSite();
  for (const name of readdirSync(join(broken, 'search'))) {
    if (name.endsWith('.wasm')) rmSync(join(broken, 'search', name));
  }
  const brokenServer = closeAfter(t, await serve(broken, '/'));
  const page = closeAfter(t, await portal.browser.newPage());
  await page.goto(`${brokenServer.base}en/search/?q=housing`);
  await page.waitForFunction(() => /could not be loaded/.test(document.getElementById('search-results-status').textContent), null, { timeout: 20000 });
});

test('parity: the browser returns the same top 10 as bagdar search for the whole suite', async (t) => {
  const cases = relevanceSuite().map((c) => [c.lang, c.query]);
  const page = closeAfter(t, await portal.browser.newPage());
  await page.goto(`${portal.server.base}en/`);
  const form = await page.$eval('form.search-form', (f) => ({ worker: f.dataset.worker, wasm: f.dataset.wasm, manifest: f.dataset.manifest }));
  const browserHits = await page.evaluate(async ({ form, cases }) => {
    const worker = new Worker(form.worker);
    const ask = (message) => new Promise((resolve, reject) => {
      worker.onmessage = (e) => (e.data.type === 'error' ? reject(new Error(e.data.message)) : resolve(e.data));
      worker.postMessage(message);
    });
    await ask({ type: 'open', wasm: new URL(form.wasm, location.href).href, manifest: new URL(form.manifest, location.href).href });
    const out = [];
    for (const [i, [lang, query]] of cases.entries()) {
      // An edition's case (kk-Arab) asks as its base language, for results in its script.
      const [base, edition] = lang.split('-');
      const answer = await ask({ type: 'search', id: i + 1, request: { query, lang: base, edition: edition || null, limit: 10 } });
      out.push(answer.response.hits.map((h) => h.url));
    }
    worker.terminate();
    return out;
  }, { form, cases });
  for (const [i, [lang, query]] of cases.entries()) {
    const cli = JSON.parse(execFileSync(bagdarBin, ['search', query, '--output', portal.output, '--lang', lang, '--limit', '10', '--json'], { encoding: 'utf8' }));
    assert.deepEqual(browserHits[i], cli.map((h) => h.url), `${lang} "${query}"`);
  }
});
