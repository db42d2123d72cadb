// The Kazakh editions in other scripts, in Chromium on a 360 px phone: a /kk-arab/ guide, region
// and search page are laid out right to left (the site name and the first breadcrumb on the
// right, nothing wider than the screen, phone numbers in their order), a query typed in the
// Arabic script finds its page and shows the result in the Arabic script, linking the edition's
// page; the /kk-latn/ search does the same in Latin letters. Screenshots land in
// tests/browser/screenshots/ to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { closeAfter, screenshots, servedPortal, watch } from './harness.js';

const portal = servedPortal();
const phone = { viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** A page in a fresh 360 px phone context, closed when the test ends, with its problems watched. */
async function onPhone(t) {
  const context = closeAfter(t, await portal.browser.newContext(phone));
  const page = await context.newPage();
  return { page, problems: watch(page) };
}

async function layout(page) {
  return page.evaluate(() => {
    const box = (selector) => {
      const el = document.querySelector(selector);
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, width: r.width };
    };
    return {
      lang: document.documentElement.lang,
      direction: getComputedStyle(document.body).direction,
      scrollWidth: document.documentElement.scrollWidth,
      width: innerWidth,
      siteName: box('.site-name'),
      firstCrumb: box('.breadcrumbs li:first-child a'),
      lastCrumb: box('.breadcrumbs li:last-child span'),
      h1: box('main h1'),
    };
  });
}

for (const [name, path] of [
  ['guide', 'kk-arab/guides/citizenship/'],
  ['region', 'kk-arab/regions/abai/'],
  ['help-lines', 'kk-arab/guides/help-lines/'],
]) {
  test(`the kk-Arab ${name} page is laid out right to left on a phone`, async (t) => {
    const { page, problems } = await onPhone(t);
    await page.goto(portal.server.base + path);
    const seen = await layout(page);
    assert.equal(seen.lang, 'kk-Arab');
    assert.equal(seen.direction, 'rtl');
    // A phone widens its layout viewport to fit wide content, so the measure is the screen's 360 px.
    assert.ok(seen.scrollWidth <= 360, `nothing wider than the screen: ${seen.scrollWidth} > 360`);
    // The start of a line is on the right: the site name and the first breadcrumb.
    assert.ok(seen.siteName.right > seen.width / 2, `site name on the right: ${JSON.stringify(seen.siteName)}`);
    assert.ok(seen.firstCrumb.left > seen.lastCrumb.left, 'breadcrumbs run from right to left');
    assert.ok(seen.h1.right > seen.width - 40, 'the title starts at the right edge');
    // Phone numbers read left to right inside the right-to-left text.
    const help = await page.$eval('.help-bar a[href="tel:1404"]', (a) => a.textContent);
    assert.match(help, /1404/);
    await page.screenshot({ path: join(screenshots, `kk-arab-${name}-360.png`) });
    assert.deepEqual(problems, []);
  });
}

test('a query typed in the Arabic script finds its page and shows the result in the Arabic script', async (t) => {
  const { page, problems } = await onPhone(t);
  await page.goto(`${portal.server.base}kk-arab/search/`);
  assert.equal(await page.getAttribute('#search-page-q', 'dir'), 'auto');
  await page.fill('#search-page-q', 'قانداستار');
  await page.press('#search-page-q', 'Enter');
  await page.waitForSelector('.search-hit a', { timeout: 20000 });
  const hits = await page.$$eval('.search-hit a', (links) => links.map((a) => ({ href: a.getAttribute('href'), text: a.textContent, lang: a.lang })));
  assert.ok(hits.length > 0);
  assert.ok(hits.some((h) => /kk-arab\/guides\/qandas-status\//.test(h.href)), JSON.stringify(hits.slice(0, 3)));
  for (const hit of hits.filter((h) => h.lang === 'kk-Arab')) {
    assert.doesNotMatch(hit.text, /[\u0400-\u04FF]/, `no Cyrillic in ${hit.text}`);
    assert.match(hit.text, /[\u0600-\u06FF]/);
    assert.match(hit.href, /kk-arab\//);
  }
  const snippets = await page.$$eval('.hit-snippet', (ps) => ps.map((p) => p.textContent));
  assert.ok(snippets.length > 0 && snippets.every((s) => !/[\u0400-\u04FF]/.test(s)), 'snippets in the Arabic script');
  await page.screenshot({ path: join(screenshots, 'kk-arab-search-360.png') });
  // The result opens the edition's page.
  await page.click('.search-hit a[href*="qandas-status"]');
  await page.waitForURL(/kk-arab\/guides\/qandas-status\//);
  assert.equal(await page.getAttribute('html', 'lang'), 'kk-Arab');
  assert.deepEqual(problems, []);
});

test('numbers in Arabic-script snippets are isolated, as on the pages', async (t) => {
  const { page, problems } = await onPhone(t);
  await page.goto(`${portal.server.base}kk-arab/search/?q=${encodeURIComponent('كومەك تەلەفوندارى')}`);
  await page.waitForSelector('.search-hit a', { timeout: 20000 });
  const isolated = await page.$$eval('.hit-snippet bdi', (runs) => runs.map((b) => b.textContent));
  assert.ok(isolated.some((run) => /^\d[\d ()+-]*\d$|^\d+$/.test(run)), JSON.stringify(isolated));
  assert.ok(isolated.every((run) => !/[\u0600-\u06FF]/.test(run)), 'only runs outside the Arabic script');
  // Marked words stay text only.
  assert.equal(await page.$$eval('.hit-snippet mark', (marks) => marks.filter((m) => m.children.length).length), 0);
  assert.deepEqual(problems, []);
});

test('the kk-Latn search shows Kazakh results in Latin letters', async (t) => {
  const { page, problems } = await onPhone(t);
  await page.goto(`${portal.server.base}kk-latn/search/?q=${encodeURIComponent('qandas martebesi')}`);
  await page.waitForSelector('.search-hit a', { timeout: 20000 });
  const first = await page.$eval('.search-hit a', (a) => ({ href: a.getAttribute('href'), text: a.textContent, lang: a.lang }));
  assert.equal(first.lang, 'kk-Latn');
  assert.match(first.href, /kk-latn\/guides\/qandas-status\//);
  assert.match(first.text, /Qandas märtebesı/);
  await page.screenshot({ path: join(screenshots, 'kk-latn-search-360.png') });
  assert.deepEqual(problems, []);
});
