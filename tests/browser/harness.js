// Shared pieces of the browser tests: build the portal with the real binary, serve it with a
// plain static server (python3 -m http.server: no Range, no gzip, no rewrites), and drive
// Debian's Chromium through playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const bagdarBin = process.env.BAGDAR_BIN || join(repo, 'target/debug/bagdar');
export const screenshots = join(repo, 'tests/browser/screenshots');

/** Builds the site at `root` into a fresh temporary folder and returns that folder. */
export function buildSite(root = repo, extraArgs = []) {
  const output = join(mkdtempSync(join(tmpdir(), 'bagdar-browser-')), 'public');
  execFileSync(bagdarBin, ['build', '--root', root, '--output', output, '--today', '2026-11-23', ...extraArgs], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return output;
}

/**
 * Serves `output` under `mount` (e.g. '/portal/') on a free loopback port with Python's plain
 * static server. Returns { base, stop }.
 */
export async function serve(output, mount = '/') {
  const docroot = mkdtempSync(join(tmpdir(), 'bagdar-docroot-'));
  const target = join(docroot, mount);
  mkdirSync(dirname(target.replace(/\/$/, '')), { recursive: true });
  cpSync(output, target, { recursive: true });
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', docroot], {
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}${mount}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const response = await fetch(base);
      if (response.ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    base,
    // The folder served at `mount`: a test may replace what is in it, as a deploy would.
    folder: target,
    stop() {
      server.kill();
      rmSync(docroot, { recursive: true, force: true });
    },
  };
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

/** Records console errors, page errors and failed or non-2xx requests of a page. */
export function watch(page) {
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
  });
  return problems;
}
