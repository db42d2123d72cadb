// Accessibility of every template in every reading, checked with axe-core in Debian's Chromium:
// the chooser, the 404 page, and in kk, ru, en, kk-arab and kk-latn the home page, the sections,
// every guide, the fallback page of an untranslated guide, the regions list and region pages,
// the vacancy listings and vacancy pages, the search page with results, the news list and items.
// Zero violations under WCAG 2.0, 2.1 and 2.2 A and AA and axe's best practices; colour contrast
// in the dark colour scheme too.
// axe itself is injected and run by ./axe.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { assertNone as assertNoViolations, violations } from './axe.js';
import { closeAfter, servedPortal, watch } from './harness.js';

const portal = servedPortal();

const READINGS = ['kk', 'ru', 'en', 'kk-arab', 'kk-latn'];

/** The pages (paths relative to the portal, ending in '/') under `folder` of the output. */
function pagesUnder(folder) {
  const pages = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === 'index.html') pages.push(relative(portal.output, dir) + '/');
    }
  };
  walk(join(portal.output, folder));
  return pages;
}

/**
 * The pages of one reading that axe checks: every page whose content differs in more than a few
 * fields (the home page, every section, guide and region, which carry tables, checklists, quotas
 * and notes of their own; a region's quota table overflows a phone in some languages only), and
 * a few of the vacancy pages and listings, which differ only in data.
 */
function pagesOf(reading) {
  const first = (list, pattern) => list.find((p) => pattern.test(p));
  const regions = pagesUnder(`${reading}/regions`);
  const vacancies = pagesUnder(`${reading}/vacancies`);
  const news = pagesUnder(`${reading}/news`);
  return [
    `${reading}/`,
    ...pagesUnder(`${reading}/guides`),
    ...regions,
    `${reading}/vacancies/`,
    first(vacancies, /\/vacancies\/category\/[^/]+\/$/),
    first(vacancies, /\/vacancies\/region\/[^/]+\/$/),
    first(vacancies, /\/vacancies\/region\/[^/]+\/page\/2\/$/),
    first(vacancies, /\/vacancies\/s\d{4}-\d+\/$/),
    first(vacancies, /\/vacancies\/json-\d+\/$/),
    `${reading}/news/`,
    ...news.filter((p) => p !== `${reading}/news/`),
  ];
}

/** Fails with every violation listed, or passes when there is none. */
const assertNone = (found, what) => assertNoViolations(found, what, portal.server.base);

/** Opens each path in turn and returns every violation axe finds in any of them. */
async function audit(page, paths) {
  const found = [];
  for (const path of paths) {
    const response = await page.goto(portal.server.base + path);
    assert.equal(response.status(), 200, path);
    found.push(...(await violations(page)));
  }
  return found;
}

async function newPage(t, options = {}) {
  const context = closeAfter(t, await portal.browser.newContext(options));
  const page = await context.newPage();
  return { page, problems: watch(page) };
}

test('the language chooser and the 404 page have no accessibility violations', async (t) => {
  const { page, problems } = await newPage(t);
  const found = await audit(page, ['', '404.html']);
  assertNone(found, page.url());
  assert.deepEqual(problems, []);
});

for (const reading of READINGS) {
  test(`every template in ${reading} has no accessibility violations on a phone`, async (t) => {
    // 360 px wide: where tables scroll sideways and the header is at its tightest.
    const { page, problems } = await newPage(t, { viewport: { width: 360, height: 780 } });
    const paths = pagesOf(reading);
    assert.ok(paths.every(Boolean), `a page of every template in ${reading}: ${paths}`);
    const found = await audit(page, paths);
    assertNone(found, `${paths.length} pages of ${reading}`);
    assert.deepEqual(problems, []);
  });

  test(`the ${reading} search page with results has no accessibility violations`, async (t) => {
    const { page, problems } = await newPage(t);
    await page.goto(`${portal.server.base}${reading}/search/`);
    const query = { kk: 'қандастар', ru: 'кандастар', en: 'citizenship', 'kk-arab': 'قانداستار', 'kk-latn': 'qandastar' }[reading];
    await page.fill('#search-page-q', query);
    await page.press('#search-page-q', 'Enter');
    await page.waitForSelector('#search-results .search-hit');
    const found = await violations(page);
    // The header's own results panel, on a guide.
    await page.goto(`${portal.server.base}${reading}/guides/first-30-days/`);
    await page.fill('#site-search', query);
    await page.waitForSelector('#site-search-panel .search-hit');
    found.push(...(await violations(page)));
    assertNone(found, page.url());
    assert.deepEqual(problems, []);
  });
}

test('the fallback page of an untranslated guide has no accessibility violations', async (t) => {
  const { page } = await newPage(t);
  await page.goto(portal.server.base + 'en/guides/starting-a-business/');
  assert.match(await page.textContent('main .notice'), /not been translated/);
  const found = await violations(page);
  assertNone(found, page.url());
});

test('text keeps its contrast in the light and the dark colour scheme', async (t) => {
  for (const colorScheme of ['light', 'dark']) {
    // A desktop window, where the phone layout's rules do not apply.
    const { page } = await newPage(t, { colorScheme, viewport: { width: 1280, height: 800 } });
    const found = [];
    for (const reading of ['ru', 'kk-arab']) {
      found.push(...(await audit(page, [`${reading}/`, `${reading}/guides/documents-checklist/`, `${reading}/regions/astana/`])));
      // The search page with its results.
      await page.goto(`${portal.server.base}${reading}/search/`);
      await page.fill('#search-page-q', reading === 'ru' ? 'кандастар' : 'قانداستار');
      await page.press('#search-page-q', 'Enter');
      await page.waitForSelector('#search-results .search-hit');
      found.push(...(await violations(page, { rules: ['color-contrast', 'link-in-text-block'] })));
    }
    assertNone(found, `the ${colorScheme} colour scheme`);
  }
});
