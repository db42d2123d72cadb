// Shared pieces of the browser tests: build the portal with the real binary, serve it with a
// plain static server (python3 -m http.server: no Range, no gzip, no rewrites), and drive
// Debian's Chromium through playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const bagdarBin = process.env.BAGDAR_BIN || join(repo, 'target/debug/bagdar');
export const screenshots = join(repo, 'tests/browser/screenshots');

/** Builds the site at `root` into a fresh temporary folder and returns that folder, which is
 * removed when the test process exits. */
export function buildSite(root = repo, extraArgs = []) {
  const folder = mkdtempSync(join(tmpdir(), 'bagdar-browser-'));
  process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
  const output = join(folder, 'public');
  execFileSync(bagdarBin, ['build', '--root', root, '--output', output, '--today', '2026-11-23', ...extraArgs], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return output;
}

/**
 * Serves `output` under `mount` (e.g. '/portal/') on a loopback port the system picks, with
 * Python's plain static server. Returns { base, folder, stop }; throws if the server does not
 * start within 10 s.
 */
export async function serve(output, mount = '/') {
  const docroot = mkdtempSync(join(tmpdir(), 'bagdar-docroot-'));
  const target = join(docroot, mount);
  mkdirSync(dirname(target.replace(/\/$/, '')), { recursive: true });
  cpSync(output, target, { recursive: true });
  const server = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', docroot], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const stop = () => {
    server.kill();
    rmSync(docroot, { recursive: true, force: true });
  };
  // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('python3 -m http.server did not start in 10 s')), 10000);
    const lines = createInterface({ input: server.stdout });
    lines.on('line', (line) => {
      const found = line.match(/ port (\d+) /);
      if (found) {
        clearTimeout(timer);
        resolve(Number(found[1]));
      }
    });
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`python3 -m http.server exited (${code}) before serving`));
    });
  }).catch((error) => {
    stop();
    throw error;
  });
  return {
    base: `http://127.0.0.1:${port}${mount}`,
    // The folder served at `mount`: a test may replace what is in it, as a deploy would.
    folder: target,
    stop,
  };
}

/**
 * Closes `resource` (a page, a browser context, or a server with `stop`) when the test `t` ends,
 * whether it passed or failed, so that a failing test cannot leave a server keeping node alive.
 * Returns `resource`.
 */
export function closeAfter(t, resource) {
  t.after(() => (typeof resource.stop === 'function' ? resource.stop() : resource.close()));
  return resource;
}

/**
 * For a test file: builds the bundled portal once, serves it under `mount` and starts Chromium
 * before its tests, and closes both after them. The returned object's `output`, `server` and
 * `browser` are set before the first test runs.
 */
export function servedPortal(mount = '/centre/portal/') {
  const portal = {};
  before(async () => {
    portal.output = buildSite();
    portal.server = await serve(portal.output, mount);
    portal.browser = await launch();
    mkdirSync(screenshots, { recursive: true });
  });
  after(async () => {
    await portal.browser?.close();
    portal.server?.stop();
  });
  return portal;
}

/** Starts Debian's Chromium headless with the flags this machine needs. */
export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The relevance suite (tests/relevance/queries.tsv): {lang, query, expected pages}. */
export function relevanceSuite() {
  return readFileSync(join(repo, 'tests/relevance/queries.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [lang, query, expected] = line.split('\t');
      return { lang, query, expected: expected.split(' ') };
    });
}

/**
 * Records console errors, page errors and failed or non-2xx requests of a page.
 *
 * A request cancelled (`net::ERR_ABORTED`) because the page navigated away is not a fault of the
 * site: Chromium asks for the favicon just after `load`, and a test's next `goto` often cancels
 * it. Such an abort is left out when a navigation of the main frame began after the request did
 * (or was already under way when it began, so that it belonged to the page being left), and only
 * then. Every other failure, and every abort that no navigation explains, is recorded.
 */
export function watch(page) {
  const problems = [];
  // Main-frame navigations begun so far, and whether the last one has not yet committed.
  let navigations = 0;
  let navigating = false;
  const begunAfter = new WeakMap();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigating = false;
  });
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      navigations += 1;
      navigating = true;
      begunAfter.set(request, navigations);
    } else {
      begunAfter.set(request, navigating ? navigations - 1 : navigations);
    }
  });
  page.on('requestfailed', (request) => {
    const aborted = request.failure()?.errorText === 'net::ERR_ABORTED';
    const leftBehind = aborted && navigations > (begunAfter.get(request) ?? navigations);
    if (!leftBehind) problems.push(`failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
  });
  return problems;
}
