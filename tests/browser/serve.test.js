// `bagdar serve` with a real browser on the page: an edit of the page's text updates it in
// place, a style sheet edit reloads it, both at the same scroll place; a broken file shows
// the error over the page (file, line, column, the line underlined) while the last good page
// stays, and fixing it clears the overlay.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { bagdarBin, closeAfter, launch, repo, screenshots, watch } from './harness.js';

let root;
let server;
let base;
let browser;

before(async () => {
  root = join(mkdtempSync(join(tmpdir(), 'bagdar-serve-')), 'site');
  cpSync(join(repo, 'themes/default'), join(root, 'themes/default'), { recursive: true });
  cpSync(join(repo, 'tests/fixtures/data_site'), root, { recursive: true });
  // A long guide, so the page scrolls.
  const guide = join(root, 'content/guides/quota.en.md');
  const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} about the resettlement quota.`);
  writeFileSync(guide, `${readFileSync(guide, 'utf8')}\n${paragraphs.join('\n\n')}\n`);
  server = spawn(bagdarBin, ['serve', '--root', root, '--port', '0', '--today', '2026-11-23'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: server.stdout });
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bagdar serve did not start')), 60000);
    lines.on('line', (line) => {
      const url = line.match(/at (http:\/\/\S+\/)/);
      if (url) {
        clearTimeout(timer);
        resolve(url[1]);
      }
    });
  });
  browser = await launch();
  mkdirSync(screenshots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGINT');
  if (root) rmSync(join(root, '..'), { recursive: true, force: true });
});

function edit(from, to) {
  const guide = join(root, 'content/guides/quota.en.md');
  const text = readFileSync(guide, 'utf8');
  assert.ok(text.includes(from), `the guide has ${from}`);
  writeFileSync(guide, text.replace(from, to));
}

async function titleBecomes(page, prefix) {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    if ((await page.title().catch(() => '')).startsWith(prefix)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`the title never became ${prefix}…`);
}

test('edits update the open page in place or reload it; errors show over it until fixed', async (t) => {
  const page = closeAfter(t, await browser.newPage({ viewport: { width: 390, height: 640 } }));
  const problems = watch(page);
  await page.goto(`${base}en/guides/quota/`);
  assert.match(await page.title(), /^Quota/);
  await page.evaluate(() => window.scrollTo(0, 900));
  const before = await page.evaluate(() => window.scrollY);
  assert.ok(before > 500, `the page scrolled (${before})`);
  await page.evaluate(() => {
    window.bagdarSamePage = true;
  });

  // The text changed: the page is updated in place (no reload), where the reader was.
  edit('title: "Quota"', 'title: "Resettlement quota"');
  await titleBecomes(page, 'Resettlement quota');
  assert.match(await page.locator('main h1').innerText(), /Resettlement quota/);
  assert.equal(await page.evaluate(() => window.bagdarSamePage), true, 'updated in place');
  assert.ok(Math.abs((await page.evaluate(() => window.scrollY)) - before) < 5, 'same scroll place');

  // The style sheet changed: the page reloads, at the same scroll place.
  const reloaded = page.waitForEvent('load');
  const style = join(root, 'themes/default/static/style.css');
  writeFileSync(style, `${readFileSync(style, 'utf8')}\n/* edited */\n`);
  await reloaded;
  assert.equal(await page.evaluate(() => window.bagdarSamePage), undefined, 'reloaded');
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 5, before, { timeout: 10000 });

  edit('title: "Resettlement quota"', 'title: [unclosed');
  const overlay = page.locator('#bagdar-overlay');
  await overlay.waitFor({ state: 'visible', timeout: 30000 });
  const text = await overlay.innerText();
  assert.match(text, /content\/guides\/quota\.en\.md:2:8/);
  assert.match(text, /2 \| title: \[unclosed/);
  assert.match(text, /\^/);
  assert.match(await page.title(), /^Resettlement quota/, 'the last good page stays');
  await page.screenshot({ path: join(screenshots, 'serve-error-overlay.png') });

  // A page opened now shows the overlay at once.
  const late = closeAfter(t, await browser.newPage());
  await late.goto(`${base}en/`);
  await late.locator('#bagdar-overlay').waitFor({ state: 'visible', timeout: 30000 });

  edit('title: [unclosed', 'title: "Quota, fixed"');
  await titleBecomes(page, 'Quota, fixed');
  await overlay.waitFor({ state: 'detached', timeout: 10000 });
  // The event stream is cut each time the page reloads; nothing else may fail.
  assert.deepEqual(problems.filter((p) => !p.startsWith(`failed: ${base}__bagdar/events `)), []);
});

test('a broken template: the errors show over the open page, the last good page stays, the fix updates it', async (t) => {
  const page = closeAfter(t, await browser.newPage());
  const problems = watch(page);
  await page.goto(`${base}en/guides/quota/`);
  const title = await page.title();
  const template = join(root, 'themes/default/templates/base.html');
  const good = readFileSync(template, 'utf8');
  assert.ok(good.includes('</body>'));

  writeFileSync(template, good.replace('</body>', '{% if %}</body>'));
  const overlay = page.locator('#bagdar-overlay');
  await overlay.waitFor({ state: 'visible', timeout: 30000 });
  assert.match(await overlay.innerText(), /themes\/default\/templates\/base\.html/);
  assert.equal(await page.title(), title, 'the last good page stays');
  const served = await (await fetch(`${base}en/guides/quota/`)).text();
  assert.ok(served.includes(`<title>${title}`) && !served.includes('{% if %}'), 'the last good page is served');

  writeFileSync(template, good.replace('</body>', '<p class="template-fixed">Fixed</p></body>'));
  await page.locator('.template-fixed').waitFor({ timeout: 30000 });
  await overlay.waitFor({ state: 'detached', timeout: 10000 });
  assert.equal(await page.title(), title);
  assert.deepEqual(problems.filter((p) => !p.startsWith(`failed: ${base}__bagdar/events `)), []);
});
