// The portal under the strict Content-Security-Policy SECURITY.md recommends to hosts: pages
// load and the search works without one violation; and a host that serves a damaged search
// chunk (altered or cut short) gets a clear message in the page, not a hang or wrong results.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { buildSite, closeAfter, launch, watch } from './harness.js';

/** The header of SECURITY.md, word for word. */
const CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; " +
  "style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml',
};

/**
 * Serves `output` on a free loopback port with the CSP header on every response. `alter`
 * may change the bytes of a file before they are sent (a damaging host).
 */
function serveWithCsp(output, alter = (_path, bytes) => bytes) {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    if (path.includes('..')) {
      response.writeHead(400).end();
      return;
    }
    const file = join(output, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const bytes = alter(path, await readFile(file));
      response.writeHead(200, {
        'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
        'Content-Security-Policy': CSP,
        'Cache-Control': 'no-store',
      });
      response.end(bytes);
    } catch {
      response.writeHead(404, { 'Content-Security-Policy': CSP }).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        base: `http://127.0.0.1:${server.address().port}/`,
        stop: () => {
          server.close();
          server.closeAllConnections();
        },
      });
    });
  });
}

let output;
let browser;

before(async () => {
  output = buildSite();
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** A page that records CSP violations (of the page and its worker) and console errors. */
async function watchedPage(t) {
  const page = closeAfter(t, await browser.newPage());
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.violations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const problems = watch(page);
  page.on('worker', (worker) => {
    worker.on('console', (message) => {
      if (message.type() === 'error') problems.push(`worker console: ${message.text()}`);
    });
  });
  return { page, problems };
}

async function waitForSearch(page) {
  await page.waitForFunction(
    () => {
      const status = document.getElementById('search-results-status');
      return status && status.textContent && !/…$/.test(status.textContent);
    },
    null,
    { timeout: 30000 },
  );
}

test('the CSP header is enforced: an inline script is refused and reported', async (t) => {
  const server = closeAfter(t, await serveWithCsp(output));
  const { page } = await watchedPage(t);
  await page.goto(`${server.base}en/`);
  const ran = await page.evaluate(async () => {
    window.inlineRan = false;
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true;';
    document.body.append(script);
    await new Promise((r) => setTimeout(r, 100));
    return window.inlineRan;
  });
  assert.equal(ran, false, 'the policy blocks inline script');
  assert.ok(
    (await page.evaluate(() => window.violations)).some((v) => v.startsWith('script-src')),
    'and the violation is seen by the test',
  );
});

test('pages load and the search works under the recommended CSP without a violation', async (t) => {
  const server = closeAfter(t, await serveWithCsp(output));
  const { page, problems } = await watchedPage(t);
  for (const path of ['en/', 'kk/guides/citizenship/', 'ru/regions/pavlodar/', 'en/vacancies/']) {
    const response = await page.goto(`${server.base}${path}`);
    assert.equal(response.status(), 200, path);
    assert.ok(await page.$eval('link[rel=stylesheet]', (l) => l.sheet && l.sheet.cssRules.length > 0), `${path}: style.css applies`);
  }
  await page.goto(`${server.base}en/search/?q=citizenship`);
  await waitForSearch(page);
  const hits = await page.$$eval('#search-results .search-hit a', (links) => links.map((a) => new URL(a.href).pathname));
  assert.equal(hits[0], '/en/guides/citizenship/', 'the wasm runtime ran in its worker');
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(problems, []);
});

for (const [damage, alter] of [
  ['altered', (bytes) => Buffer.from(bytes.map((b, i) => (i % 97 === 0 ? b ^ 0xff : b)))],
  ['cut short', (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2))],
]) {
  test(`a search chunk ${damage} by the host gives a clear message, not a hang`, async (t) => {
    const server = closeAfter(t, await serveWithCsp(output, (path, bytes) => (/\/search\/chunks\/[0-9a-f]{16}\.bin$/.test(path) ? alter(bytes) : bytes)));
    const { page } = await watchedPage(t);
    await page.goto(`${server.base}en/search/?q=citizenship`);
    await waitForSearch(page);
    assert.equal(
      await page.textContent('#search-results-status'),
      'The portal has just been updated. Reload the page to search the new version.',
    );
    assert.equal(await page.$$eval('#search-results .search-hit', (hits) => hits.length), 0, 'no results from a damaged index');
  });
}
