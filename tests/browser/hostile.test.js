// Untrusted vacancy text in search results: a feed's titles, employers and places reach the
// snippet, the title and the meta line of a hit as text, never as markup; a mark holds text
// only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite, closeAfter, launch, repo, serve, watch } from './harness.js';

// Each field tries something else: an element with a handler, a script, a closing tag and a
// mark of its own, an attribute break-out.
const hostile = [
  'h-666',
  'Дәрігер <img src=x onerror="window.__pwned=1">',
  'Врач <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>',
  'Doctor </mark><b id="injected">bold</b><mark>',
  '"ТОО ""Яд"" ""><svg onload=""window.__pwned=3"">"',
  'pavlodar',
  'Экибастуз <iframe src="javascript:window.__pwned=4">',
  'healthcare',
  '300000',
  '400000',
  'full-time',
  'no',
  '+7 700 000 66 66',
  '2026-11-01',
  '2027-01-31',
  'yes',
].join(',');

let site;
let server;
let browser;

before(async () => {
  site = mkdtempSync(join(tmpdir(), 'bagdar-hostile-'));
  cpSync(join(repo, 'themes/default'), join(site, 'themes/default'), { recursive: true });
  cpSync(join(repo, 'tests/fixtures/data_site'), site, { recursive: true });
  appendFileSync(join(site, 'content/vacancies/vacancies.csv'), `${hostile}\n`);
  server = await serve(buildSite(site), '/');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
  if (site) rmSync(site, { recursive: true, force: true });
});

for (const [lang, query] of [
  ['ru', 'врач яд'],
  ['kk', 'дәрігер яд'],
  ['en', 'doctor яд'],
]) {
  test(`hostile vacancy text on the ${lang} search page is shown as text`, async (t) => {
    const page = closeAfter(t, await browser.newPage());
    const problems = watch(page);
    await page.goto(`${server.base}${lang}/search/?q=${encodeURIComponent(query)}&kind=vacancy`);
    await page.waitForFunction(() => document.querySelector('#search-results .search-hit'));
    const found = await page.evaluate(() => {
      const results = document.getElementById('search-results');
      const hostileHit = [...results.querySelectorAll('.search-hit')].find((hit) => hit.textContent.includes('<img') || hit.textContent.includes('</mark>') || hit.textContent.includes('<svg'));
      return {
        pwned: window.__pwned ?? null,
        elements: results.querySelectorAll('img, script, svg, iframe, #injected, b').length,
        marks: [...results.querySelectorAll('mark')].map((m) => ({ children: m.childElementCount, text: m.textContent })),
        hostileText: hostileHit ? hostileHit.textContent : null,
      };
    });
    assert.equal(found.pwned, null, 'no handler ran');
    assert.equal(found.elements, 0, 'no element came from the feed');
    assert.ok(found.marks.length > 0, `the query words are marked: ${JSON.stringify(found)}`);
    for (const mark of found.marks) {
      assert.equal(mark.children, 0, `a mark holds text only: ${mark.text}`);
    }
    assert.ok(found.hostileText, `the hostile vacancy is among the results, its text as written: ${JSON.stringify(found)}`);
    assert.deepEqual(problems, []);
  });
}
