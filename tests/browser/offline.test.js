// Offline reading in a real browser, served from a sub-path by a plain static server: the
// service worker keeps visited pages, saves a language's guides, regions and search, shows an
// offline page in the reader's language for the rest, and after a redeploy updates only what
// changed, never mixing two builds. Chromium goes offline with context.setOffline.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNone, violations } from './axe.js';
import { buildSite, closeAfter, repo, screenshots, servedPortal, watch } from './harness.js';

const portal = servedPortal('/centre/portal/');

/** FNV-1a 64 of bytes, as the build names files (BigInt: slow, exact, independent of sw.js). */
function fnv(bytes) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of bytes) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/** The list of what a save of `code` brings, as built into `output`. */
function list(output, code) {
  return JSON.parse(readFileSync(join(output, code, 'offline.json'), 'utf8'));
}

/** The output file of a listed address. */
function fileOf(output, path) {
  return join(output, path.endsWith('/') || path === '' ? `${path}index.html` : path);
}

async function phone(t) {
  const context = closeAfter(t, await portal.browser.newContext({ viewport: { width: 360, height: 780 } }));
  const page = await context.newPage();
  return { context, page, problems: watch(page) };
}

/** Waits until the service worker controls the page and has kept `url`. */
async function kept(page, url) {
  await page.waitForFunction(
    async (key) => {
      if (!navigator.serviceWorker.controller) return false;
      return Boolean(await (await caches.open('bagdar-pages')).match(key));
    },
    url,
    { polling: 100, timeout: 20000 },
  );
}

/** Presses the save control twice (what it costs, then download) and waits for `state`. */
async function save(page, state = 'saved') {
  const control = page.locator('[data-save-offline]');
  await control.waitFor({ state: 'visible' });
  await control.locator('button').click();
  await page.waitForFunction(() => document.querySelector('[data-save-offline]').dataset.state === 'ready', null, {
    timeout: 20000,
  });
  const asked = await control.locator('.save-status').textContent();
  if (page.url().includes('/ru/guides/') && !page.context().shotAsked) {
    page.context().shotAsked = true;
    await page.screenshot({ path: join(screenshots, 'offline-asked-ru-360.png') });
  }
  await control.locator('button').click();
  await page.waitForFunction(
    () => ['saved', 'failed'].includes(document.querySelector('[data-save-offline]').dataset.state),
    null,
    { timeout: 120000 },
  );
  const done = await control.locator('.save-status').textContent();
  assert.equal(await control.getAttribute('data-state'), state, done);
  return { asked, done };
}

test('the worker is served from the site root, its scope the site folder, and the portal is installable', async (t) => {
  const { page, problems } = await phone(t);
  const base = portal.server.base;
  await page.goto(base + 'ru/guides/iin/');
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, base, 'the scope is the folder the site is served from');
  // The manifest of the page's language, its icons PNGs of the sizes it says.
  const href = await page.getAttribute('link[rel="manifest"]', 'href');
  const manifestUrl = new URL(href, page.url());
  assert.equal(manifestUrl.href, base + 'ru/manifest.webmanifest');
  const manifest = await (await page.request.get(manifestUrl.href)).json();
  assert.equal(manifest.lang, 'ru');
  assert.equal(new URL(manifest.start_url, manifestUrl).href, base + 'ru/');
  assert.equal(new URL(manifest.scope, manifestUrl).href, base);
  for (const icon of manifest.icons) {
    const body = await (await page.request.get(new URL(icon.src, manifestUrl).href)).body();
    assert.equal(body.subarray(1, 4).toString(), 'PNG', icon.src);
    const [w, h] = [body.readUInt32BE(16), body.readUInt32BE(20)];
    assert.equal(`${w}x${h}`, icon.sizes, icon.src);
  }
  assert.ok(manifest.icons.some((i) => i.purpose === 'maskable'));
  // Chromium's own verdict.
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // A Playwright context is a private window, where nothing installs; nothing else stands in
  // the way.
  const errors = installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito');
  assert.deepEqual(errors, [], 'Chromium finds the portal installable');
  assert.deepEqual(problems, []);
});

test('a visited page reopens offline and an unsaved page shows the offline page in its language', async (t) => {
  const { context, page } = await phone(t);
  const base = portal.server.base;
  // The first page is kept too, although the worker started only after it loaded.
  await page.goto(base + 'ru/guides/iin/');
  await kept(page, base + 'ru/guides/iin/');
  const title = await page.textContent('main h1');
  await page.goto(base + 'ru/guides/housing/');
  await kept(page, base + 'ru/guides/housing/');
  const housing = await page.textContent('main h1');

  await context.setOffline(true);
  await page.goto(base + 'ru/guides/iin/');
  assert.equal(await page.textContent('main h1'), title);
  // Styled: the kept style sheet came too.
  const header = await page.$eval('.site-header', (h) => getComputedStyle(h).backgroundColor);
  assert.equal(header, 'rgb(7, 63, 96)');
  await page.goto(base + 'ru/guides/housing/');
  assert.equal(await page.textContent('main h1'), housing);

  // Never opened, never saved.
  const response = await page.goto(base + 'ru/guides/citizenship/');
  assert.equal(response.status(), 503);
  assert.equal(await page.getAttribute('html', 'lang'), 'ru');
  assert.equal(await page.textContent('main h1'), 'Нет связи');
  const links = await page.$$eval('main a', (as) => as.map((a) => [a.href, a.textContent]));
  assert.ok(links.some(([href, text]) => href === base + 'ru/guides/iin/' && text === title), JSON.stringify(links));
  assert.ok(links.some(([href]) => href === base + 'ru/guides/housing/'), JSON.stringify(links));
  assert.ok(await page.$('.help-bar a[href="tel:1404"]'), 'the help lines are there offline too');
  await page.screenshot({ path: join(screenshots, 'offline-page-ru-360.png') });
  assertNone(await violations(page), 'the offline page', base);

  // In the Arabic-script edition: its own strings, right to left.
  await page.goto(base + 'kk-arab/guides/citizenship/');
  assert.equal(await page.getAttribute('html', 'lang'), 'kk-Arab');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  const heading = await page.textContent('main h1');
  assert.doesNotMatch(heading, /[\u0400-\u04ff]/, `no Cyrillic: ${heading}`);
  assert.match(heading, /[\u0600-\u06ff]/);
  await page.screenshot({ path: join(screenshots, 'offline-page-kk-arab-360.png') });
  assertNone(await violations(page), 'the offline page in the Arabic script', base);
});

test('a saved language opens offline, search included, and the control says what it costs', async (t) => {
  const { context, page, problems } = await phone(t);
  const base = portal.server.base;
  const ru = list(portal.output, 'ru');
  const total = ru.files.reduce((sum, [, , size]) => sum + size, 0);

  await page.goto(base + 'ru/guides/');
  const fetched = [];
  // What the worker fetches to save (it marks those requests), not the page's own.
  context.on('requestfinished', (request) => {
    if (request.serviceWorker() && (request.headers()['x-bagdar-save'] || request.url().endsWith('/offline.json'))) {
      fetched.push(request.url());
    }
  });
  const { asked, done } = await save(page);
  const mb = (total / (1024 * 1024)).toFixed(1).replace('.', ',');
  assert.match(asked, new RegExp(`^Будет загружено ${mb} МБ`), asked);
  assert.match(done, /^Сохранено \d+ [а-я]+ \d{4} г\. для чтения без интернета\./, done);
  assert.equal(await page.getAttribute('[data-save-offline]', 'data-state'), 'saved');
  await page.screenshot({ path: join(screenshots, 'offline-saved-ru-360.png') });
  assertNone(await violations(page), 'the page with its control saved', base);
  // Everything listed and nothing else: a file already kept (this page) is not fetched again.
  const wanted = new Set(ru.files.map(([path]) => base + path));
  const lists = fetched.filter((url) => url.endsWith('/offline.json'));
  const files = fetched.filter((url) => !url.endsWith('/offline.json'));
  assert.ok(lists.length >= 1);
  assert.ok(files.every((url) => wanted.has(url)), files.filter((url) => !wanted.has(url)).join(' '));
  assert.ok(files.length >= ru.files.length - 10, `${files.length} of ${ru.files.length} fetched`);
  assert.equal(new Set(files).size, files.length, 'no file fetched twice');

  await context.setOffline(true);
  // Every saved page, never opened before, opens.
  for (const path of ['ru/guides/citizenship/', 'ru/regions/abai/', 'ru/regions/', 'ru/']) {
    const response = await page.goto(base + path);
    assert.equal(response.status(), 200, path);
    assert.ok((await page.textContent('main h1')).trim().length > 0);
  }
  // Search, over the saved index.
  await page.goto(base + 'ru/search/?q=' + encodeURIComponent('квота'));
  await page.waitForSelector('.search-page .search-hit a', { timeout: 30000 });
  const hits = await page.$$eval('.search-page .search-hit a', (as) => as.map((a) => a.href));
  assert.ok(hits.length >= 3, JSON.stringify(hits));
  // A hit in Russian opens offline.
  const hit = hits.find((href) => href.startsWith(base + 'ru/'));
  assert.equal((await page.goto(hit)).status(), 200, hit);
  // The header's search on a saved guide, as a reader types.
  await page.goto(base + 'ru/guides/iin/');
  await page.fill('#site-search', 'вид на жительство');
  await page.waitForSelector('.search-panel .search-hit a', { timeout: 30000 });
  // A page not saved (vacancies are not): the offline page, listing the saved guides.
  const response = await page.goto(base + 'ru/vacancies/');
  assert.equal(response.status(), 503);
  const listed = await page.$$eval('main a', (as) => as.map((a) => a.href));
  assert.ok(listed.includes(base + 'ru/guides/citizenship/'), 'it links the saved guides');
  assert.deepEqual(
    problems.filter((p) => !p.includes('503') && !p.includes('ERR_INTERNET_DISCONNECTED')),
    [],
  );
});

test('after a redeploy the update fetches only what changed, and the saved pages are never a mix of builds', async (t) => {
  const { context, page } = await phone(t);
  const base = portal.server.base;
  const served = portal.server.folder;
  // Build B: one guide changed.
  const root = mkdtempSync(join(tmpdir(), 'bagdar-redeploy-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (const part of ['bagdar.yaml', 'content', 'themes']) cpSync(join(repo, part), join(root, part), { recursive: true });
  const guide = join(root, 'content/guides/iin.ru.md');
  writeFileSync(guide, `${readFileSync(guide, 'utf8')}\n\nОтметка сборки B.\n`);
  const outputB = buildSite(root);

  await page.goto(base + 'ru/guides/');
  await save(page);
  const deploy = (output) => {
    rmSync(served, { recursive: true, force: true });
    cpSync(output, served, { recursive: true });
  };
  t.after(() => deploy(portal.output));
  deploy(outputB);

  // What changed between the two lists.
  const before = new Map(list(portal.output, 'ru').files.map(([path, hash]) => [path, hash]));
  const after = list(outputB, 'ru').files;
  const changedFiles = after.filter(([path, hash]) => before.get(path) !== hash);
  const changed = changedFiles.map(([path]) => base + path);
  assert.ok(changed.includes(base + 'ru/guides/iin/'));
  const share = changedFiles.reduce((n, f) => n + f[2], 0) / after.reduce((n, f) => n + f[2], 0);
  assert.ok(share < 0.25, `an update after one guide's change is ${(share * 100).toFixed(0)} % of a full save`);

  await page.goto(base + 'ru/guides/');
  const fetched = [];
  // What the worker fetches to save (it marks those requests), not the page's own.
  context.on('requestfinished', (request) => {
    if (request.serviceWorker() && (request.headers()['x-bagdar-save'] || request.url().endsWith('/offline.json'))) {
      fetched.push(request.url());
    }
  });
  const { asked } = await save(page);
  assert.match(asked, /^С тех пор портал обновился/, asked);
  const files = fetched.filter((url) => !url.endsWith('/offline.json'));
  assert.deepEqual([...new Set(files)].sort(), [...changed].sort(), 'only the changed files are fetched');

  // Offline, every saved file is build B's, byte for byte.
  const check = async (output) => {
    await context.setOffline(true);
    await page.goto(base + 'ru/guides/iin/');
    const paths = list(output, 'ru').files.map(([path]) => path);
    const got = await page.evaluate(
      async ({ base, paths }) => {
        const out = {};
        for (const path of paths) {
          const response = await fetch(base + path);
          out[path] = response.ok ? Array.from(new Uint8Array(await response.arrayBuffer())) : response.status;
        }
        return out;
      },
      { base, paths },
    );
    const wrong = paths.filter((path) => {
      const bytes = got[path];
      return !Array.isArray(bytes) || fnv(bytes) !== fnv(readFileSync(fileOf(output, path)));
    });
    await context.setOffline(false);
    return wrong;
  };
  assert.deepEqual(await check(outputB), [], 'every saved file is build B’s');
  assert.match(await page.textContent('main'), /Отметка сборки B/);

  // A deploy under way: build C's list is up, one of its pages is not yet. The update stops at
  // the page that does not match, and what was saved stays build B's, whole.
  writeFileSync(guide, `${readFileSync(guide, 'utf8')}\n\nОтметка сборки C.\n`);
  const outputC = buildSite(root);
  deploy(outputC);
  writeFileSync(join(served, 'ru/guides/iin/index.html'), readFileSync(join(outputB, 'ru/guides/iin/index.html')));
  await page.goto(base + 'ru/guides/');
  const failed = await save(page, 'failed');
  assert.match(failed.done, /^Сохранение прервалось/);
  assert.deepEqual(await check(outputB), [], 'the failed update left build B’s files, all of them');
});
