// The bundled portal's news in a real browser, served from a sub-path by a plain static server:
// the list newest first, an item, a region's news, the home page's latest three and the feeds
// the heads name, in Russian and in the Arabic-script edition, with screenshots at 360 px in
// tests/browser/screenshots/ to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { closeAfter, screenshots, servedPortal, watch } from './harness.js';

const portal = servedPortal();

async function phone(t) {
  const context = closeAfter(t, await portal.browser.newContext({ viewport: { width: 360, height: 780 } }));
  const page = await context.newPage();
  return { page, problems: watch(page) };
}

/** The cards of a list: title, address and date. */
function cards(page, scope) {
  return page.$$eval(`${scope} .news-card`, (items) =>
    items.map((li) => ({
      title: li.querySelector('h2 a, h3 a').textContent.trim(),
      href: li.querySelector('h2 a, h3 a').href,
      date: li.querySelector('time').getAttribute('datetime'),
    })),
  );
}

test('the news list runs newest first and each item opens with its date, text and sources', async (t) => {
  const { page, problems } = await phone(t);
  await page.goto(portal.server.base + 'ru/news/');
  assert.equal(await page.textContent('main h1'), 'Новости');
  const list = await cards(page, 'main');
  assert.ok(list.length >= 3, `the bundled news: ${JSON.stringify(list)}`);
  const dates = list.map((c) => c.date);
  assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
  await page.screenshot({ path: join(screenshots, 'news-list-ru-360.png'), fullPage: true });

  await page.click(`main .news-card h2 a >> nth=0`);
  assert.equal(page.url(), list[0].href);
  assert.equal((await page.textContent('main h1')).trim(), list[0].title);
  assert.equal(await page.getAttribute('main .news time', 'datetime'), list[0].date);
  assert.ok((await page.$$('#bagdar-sources + ul a[href^="http"]')).length >= 1, 'an item names its sources');
  const crumbs = await page.$$eval('.breadcrumbs a', (as) => as.map((a) => a.textContent.trim()));
  assert.deepEqual(crumbs.slice(-1), ['Новости']);
  await page.screenshot({ path: join(screenshots, 'news-item-ru-360.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a 360 px phone (${overflow} px)`);
  assert.deepEqual(problems, []);
});

test('a region page lists the news that names it and links the region feed', async (t) => {
  const { page, problems } = await phone(t);
  await page.goto(portal.server.base + 'ru/news/');
  const list = await cards(page, 'main');
  // The first item that names a region, from its own page.
  let region = null;
  let item = null;
  for (const card of list) {
    await page.goto(card.href);
    const links = await page.$$eval('main .news > p.meta a', (as) => as.map((a) => a.href));
    if (links.length) {
      region = links[0];
      item = card;
      break;
    }
  }
  assert.ok(region, 'some bundled news item names a region');
  await page.click('main .news > p.meta a >> nth=0');
  assert.equal(page.url(), region);
  const news = await cards(page, '#news + ul');
  assert.ok(news.some((c) => c.href === item.href), `${item.title} is on ${region}`);
  const feeds = await page.$$eval('link[type="application/atom+xml"]', (ls) => ls.map((l) => l.href));
  assert.equal(feeds.length, 2, 'the language feed and the region feed');
  assert.equal(feeds[1], new URL('atom.xml', region).href);
  const atom = await page.request.get(feeds[1]);
  assert.equal(atom.status(), 200);
  const xml = await atom.text();
  assert.match(xml, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
  assert.ok(xml.includes(`<title>${item.title}</title>`), 'the region feed holds the item');
  await page.locator('#news').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshots, 'news-region-ru-360.png') });
  assert.deepEqual(problems, []);
});

test('the home page shows the latest three items, in every reading', async (t) => {
  const { page, problems } = await phone(t);
  for (const reading of ['kk', 'ru', 'en', 'kk-arab']) {
    await page.goto(portal.server.base + `${reading}/news/`);
    const list = await cards(page, 'main');
    await page.goto(portal.server.base + `${reading}/`);
    const latest = await cards(page, '.latest-news');
    assert.deepEqual(latest, list.slice(0, 3), `${reading}: the newest three`);
    const all = await page.getAttribute('.latest-news > p a', 'href');
    assert.equal(new URL(all, page.url()).href, portal.server.base + `${reading}/news/`);
    const feed = await page.getAttribute('link[type="application/atom+xml"]', 'href');
    const atom = await page.request.get(new URL(feed, page.url()).href);
    assert.equal(atom.status(), 200, `${reading}: the feed the head names`);
    if (reading === 'ru') {
      await page.locator('.latest-news').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshots, 'news-home-ru-360.png') });
    }
  }
  // The Arabic-script edition reads right to left, its news converted.
  await page.goto(portal.server.base + 'kk-arab/news/');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  const title = await page.textContent('main .news-card h2 a');
  assert.doesNotMatch(title, /[\u0400-\u04FF]/, 'no Cyrillic left in a title');
  await page.screenshot({ path: join(screenshots, 'news-list-kk-arab-360.png'), fullPage: true });
  assert.deepEqual(problems, []);
});
