// The bundled portal in a real browser, served from a sub-path by a plain static server:
// every page loads cleanly, the language switcher keeps the guide, the keyboard and print
// views work, and a typical page stays within the weight budget for slow phones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { closeAfter, screenshots, servedPortal, watch } from './harness.js';

const portal = servedPortal();

function htmlPages(dir) {
  const pages = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) pages.push(...htmlPages(path));
    else if (name === 'index.html') pages.push(relative(portal.output, dir) + '/');
  }
  return pages;
}

test('every page loads from a sub-path with no console errors and no missing files', async (t) => {
  const all = htmlPages(portal.output).map((p) => (p === '/' ? '' : p));
  assert.ok(all.length >= 1000, `expected the whole portal, found ${all.length} pages`);
  // Every guide, section and region page, and every 40th vacancy page (they share templates).
  const pages = all.filter((p, i) => !p.includes('/vacancies/') || i % 40 === 0);
  const context = closeAfter(t, await portal.browser.newContext());
  const page = await context.newPage();
  const problems = watch(page);
  for (const path of pages) {
    const response = await page.goto(portal.server.base + path);
    assert.equal(response.status(), 200, path);
    const lang = await page.getAttribute('html', 'lang');
    const folder = path.split('/')[0];
    const expected = { 'kk-arab': 'kk-Arab', 'kk-latn': 'kk-Latn' }[folder] || folder || 'kk';
    assert.equal(lang, expected, `html lang on ${path}`);
    const background = await page.$eval('.help-bar', (el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(background, 'rgba(0, 0, 0, 0)', `stylesheet applied on ${path}`);
  }
  assert.deepEqual(problems, []);
});

test('the language switcher lands on the same guide, and on the fallback page when untranslated', async (t) => {
  const page = closeAfter(t, await portal.browser.newPage());
  await page.goto(portal.server.base + 'kk/guides/labour-migrants/work-permit/');
  await page.click('.lang-switch a[lang="ru"]');
  assert.equal(page.url(), portal.server.base + 'ru/guides/labour-migrants/work-permit/');
  assert.equal(await page.getAttribute('html', 'lang'), 'ru');
  await page.goto(portal.server.base + 'ru/guides/starting-a-business/');
  await page.click('.lang-switch a[lang="en"]');
  assert.equal(page.url(), portal.server.base + 'en/guides/starting-a-business/');
  const notice = await page.textContent('main .notice');
  assert.match(notice, /not been translated into English/);
  await page.click('main .cards a[hreflang="ru"]');
  assert.equal(page.url(), portal.server.base + 'ru/guides/starting-a-business/');
});

test('the keyboard reaches a visible skip link first, and focus is always visible', async (t) => {
  const page = closeAfter(t, await portal.browser.newPage());
  await page.goto(portal.server.base + 'en/guides/citizenship/');
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    return { cls: el.className, top: box.top, outline: getComputedStyle(el).outlineStyle };
  });
  assert.equal(skip.cls, 'skip-link');
  assert.ok(skip.top >= 0, 'the focused skip link is on screen');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  await page.keyboard.press('Tab');
  const link = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement);
    return { tag: document.activeElement.tagName, outline: style.outlineStyle, width: style.outlineWidth };
  });
  // The first control of the guide: the "save for offline" button (the script shows it), or a
  // link.
  assert.ok(['A', 'BUTTON'].includes(link.tag), link.tag);
  assert.equal(link.outline, 'solid');
  assert.equal(link.width, '3px');
});

test('help lines and language links are large enough to tap (WCAG 2.5.8, 24×24 px)', async (t) => {
  const context = closeAfter(t, await portal.browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 }));
  const page = await context.newPage();
  await page.goto(portal.server.base + 'ru/guides/documents-checklist/');
  const boxes = await page.$$eval('.lang-switch a, .help-bar a', (els) =>
    els.map((el) => ({ text: el.textContent.trim(), ...el.getBoundingClientRect().toJSON() })),
  );
  for (const box of boxes) {
    assert.ok(box.height >= 24 && box.width >= 24, `${box.text}: ${box.width}×${box.height}`);
  }
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= 360, `no sideways scrolling on a 360 px phone (${scrollWidth})`);
  await page.screenshot({ path: join(screenshots, 'ru-documents-checklist-phone.png'), fullPage: true });
});

test('the print view keeps the content and help lines and drops navigation', async (t) => {
  const page = closeAfter(t, await portal.browser.newPage());
  await page.goto(portal.server.base + 'kk/guides/documents-checklist/');
  await page.emulateMedia({ media: 'print' });
  const visible = async (selector) => page.$eval(selector, (el) => getComputedStyle(el).display !== 'none');
  assert.equal(await visible('.lang-switch'), false);
  assert.equal(await visible('.breadcrumbs'), false);
  assert.equal(await visible('.help-bar'), true);
  assert.equal(await visible('main'), true);
  await page.pdf({ path: join(screenshots, 'kk-documents-checklist.pdf') });
});

test('pages read fully with JavaScript turned off', async (t) => {
  const context = closeAfter(t, await portal.browser.newContext({ javaScriptEnabled: false }));
  const page = await context.newPage();
  await page.goto(portal.server.base + 'en/guides/regional-quota/');
  const text = await page.textContent('main');
  assert.match(text, /2,820|2 820/);
  assert.ok((await page.$$('main table tr')).length >= 8, 'the quota table is there');
  await page.screenshot({ path: join(screenshots, 'en-regional-quota-nojs.png'), fullPage: true });
});

test('a typical guide with its stylesheet stays under 30 KB gzipped', () => {
  const css = gzipSync(readFileSync(join(portal.output, 'style.css'))).length;
  const sizes = htmlPages(portal.output)
    .filter((p) => p.includes('/guides/') && !p.endsWith('guides/'))
    .map((p) => ({ p, bytes: gzipSync(readFileSync(join(portal.output, p, 'index.html'))).length + css }));
  sizes.sort((a, b) => a.bytes - b.bytes);
  const median = sizes[Math.floor(sizes.length / 2)];
  const largest = sizes[sizes.length - 1];
  assert.ok(median.bytes < 30 * 1024, `median guide ${median.p}: ${median.bytes} bytes`);
  assert.ok(largest.bytes < 30 * 1024, `largest guide ${largest.p}: ${largest.bytes} bytes`);
});

test('screenshots of the main page kinds, for people to look at', async (t) => {
  const page = closeAfter(t, await portal.browser.newPage({ viewport: { width: 1100, height: 900 } }));
  for (const [name, path] of [
    ['chooser', ''],
    ['kk-home', 'kk/'],
    ['ru-guide', 'ru/guides/regional-quota/'],
    ['en-untranslated', 'en/guides/starting-a-business/'],
    ['en-section', 'en/guides/labour-migrants/'],
  ]) {
    await page.goto(portal.server.base + path);
    await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  }
});

test('no page kind is wider than a 360 px phone, in any language or edition', async (t) => {
  const context = closeAfter(t, await portal.browser.newContext({ viewport: { width: 360, height: 780 } }));
  const page = await context.newPage();
  const wide = [];
  for (const reading of ['kk', 'kk-arab', 'kk-latn', 'ru', 'en']) {
    for (const path of ['', 'guides/', 'guides/citizenship/', 'guides/documents-checklist/', 'regions/', 'regions/abai/', 'regions/pavlodar/', 'vacancies/', 'search/']) {
      await page.goto(`${portal.server.base}${reading}/${path}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 360) wide.push(`${reading}/${path}: ${width} px`);
    }
  }
  assert.deepEqual(wide, []);
});
