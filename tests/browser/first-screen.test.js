// The first screen on a phone (360×780): a guide's title starts in its top 300 px in every
// language and edition, the help lines (1404, 1414) are in the same place and order on every
// template (WCAG 3.2.6 Consistent Help), and everything to tap in the header is at least
// 24×24 px (WCAG 2.5.8). Screenshots of the first screen go to tests/browser/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { closeAfter, screenshots, servedPortal, watch } from './harness.js';

const portal = servedPortal();

const READINGS = ['kk', 'ru', 'en', 'kk-arab', 'kk-latn'];
const PHONE = { width: 360, height: 780 };

/** A page of every template in `reading` (the fallback page exists in English only). */
function templates(reading) {
  return [
    `${reading}/`,
    `${reading}/guides/`,
    `${reading}/guides/labour-migrants/`,
    `${reading}/guides/labour-migrants/work-permit/`,
    `${reading}/regions/`,
    `${reading}/regions/pavlodar/`,
    `${reading}/vacancies/`,
    `${reading}/vacancies/category/it/`,
    `${reading}/vacancies/region/pavlodar/page/2/`,
    `${reading}/vacancies/json-0001/`,
    `${reading}/news/`,
    `${reading}/news/quotas-2026/`,
    `${reading}/search/`,
    ...(reading === 'en' ? ['en/guides/starting-a-business/'] : []),
  ];
}

async function phone(t) {
  const context = closeAfter(t, await portal.browser.newContext({ viewport: PHONE }));
  const page = await context.newPage();
  return { page, problems: watch(page) };
}

/** The top of the page's `<h1>` in CSS px from the top of the first screen. */
function titleTop(page) {
  return page.$eval('main h1', (h1) => h1.getBoundingClientRect().top);
}

for (const reading of READINGS) {
  test(`a guide's title starts in the top 300 px of a 360×780 phone in ${reading}`, async (t) => {
    const { page, problems } = await phone(t);
    // A top-level guide and a guide in a section (one more breadcrumb).
    for (const guide of ['first-30-days', 'documents-checklist', 'labour-migrants/work-permit']) {
      await page.goto(`${portal.server.base}${reading}/guides/${guide}/`);
      const top = await titleTop(page);
      assert.ok(top <= 300, `${reading}/guides/${guide}/: the h1 starts ${top} px down`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${reading}/guides/${guide}/: no sideways scrolling (${overflow} px)`);
    }
    await page.goto(`${portal.server.base}${reading}/guides/first-30-days/`);
    await page.screenshot({ path: join(screenshots, `first-screen-${reading}-360.png`) });
    assert.deepEqual(problems, []);
  });
}

test('the help lines are in the same place, in the same order, on every template', async (t) => {
  const { page, problems } = await phone(t);
  const seen = new Map();
  for (const path of ['', '404.html', ...READINGS.flatMap(templates)]) {
    await page.goto(portal.server.base + path);
    const help = await page.evaluate(() => {
      const bar = document.querySelector('.help-bar');
      if (!bar) return null;
      // Where it stands in the document: each ancestor's tag and place among its siblings.
      const steps = [];
      for (let el = bar; el !== document.body; el = el.parentElement) {
        steps.unshift(`${el.localName}.${el.classList[0]}:nth-child(${[...el.parentElement.children].indexOf(el) + 1})`);
      }
      return {
        path: steps.join(' > '),
        before: bar.previousElementSibling?.className,
        numbers: [...bar.querySelectorAll('a')].map((a) => a.getAttribute('href')),
        top: Math.round(bar.getBoundingClientRect().top),
      };
    });
    assert.ok(help, `${path || '/'}: the help bar is there`);
    const reading = path.split('/')[0].replace('404.html', '') || 'kk';
    seen.set(path || '/', { ...help, reading });
  }
  const first = seen.get('kk/guides/');
  for (const [path, help] of seen) {
    assert.equal(help.path, first.path, `${path}: the help bar's place in the document`);
    assert.equal(help.before, 'site-nav', `${path}: the help bar follows the menu`);
    assert.deepEqual(help.numbers, ['tel:1404', 'tel:1414'], `${path}: 1404 then 1414`);
    // On the screen too: the same distance from the top within one reading (a script's
    // line height sets it).
    const guide = seen.get(`${help.reading}/guides/`);
    assert.equal(help.top, guide.top, `${path}: the help bar's top on a phone`);
  }
  assert.deepEqual(problems, []);
});

test('everything to tap in the header is at least 24×24 px on a phone', async (t) => {
  const { page } = await phone(t);
  for (const reading of READINGS) {
    for (const path of [`${reading}/guides/labour-migrants/work-permit/`, `${reading}/search/`]) {
      await page.goto(portal.server.base + path);
      const targets = await page.$$eval('.site-header :is(a, button, input, select, summary)', (els) =>
        els
          .filter((el) => el.checkVisibility())
          .map((el) => {
            const box = el.getBoundingClientRect();
            return { what: `${el.localName} ${el.textContent.trim() || el.name}`, width: box.width, height: box.height };
          }),
      );
      assert.ok(targets.length >= 10, `${path}: the header's links, field and button (${targets.length})`);
      for (const target of targets) {
        assert.ok(target.width >= 24 && target.height >= 24, `${path}: ${target.what} is ${target.width}×${target.height}`);
      }
    }
  }
});
