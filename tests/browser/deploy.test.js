// Search while the files under it change: a new build deployed while a visitor has the old
// one open in the search page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite, launch, repo, serve } from './harness.js';

let browser;
let work;

before(async () => {
  browser = await launch();
  work = mkdtempSync(join(tmpdir(), 'bagdar-deploy-'));
});

after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A copy of the bundled portal's sources, to change and build again. */
function portalCopy() {
  const root = join(work, 'site');
  for (const part of ['bagdar.yaml', 'content', 'themes', 'static'].filter((p) => existsSync(join(repo, p)))) {
    cpSync(join(repo, part), join(root, part), { recursive: true });
  }
  return root;
}

function chunkNames(output) {
  return new Set(readdirSync(join(output, 'search/chunks')).map((name) => name.replace(/\.bin$/, '')));
}

/** Waits until the search page's status has settled (not "…"); returns it and the hits. */
async function settled(page) {
  await page.waitForFunction(() => {
    const status = document.getElementById('search-results-status');
    return status && status.textContent && !/…$/.test(status.textContent);
  }, null, { timeout: 30000 });
  return {
    status: await page.textContent('#search-results-status'),
    hits: await page.$$eval('#search-results .search-hit a', (links) => links.map((a) => new URL(a.href).pathname)),
  };
}

/** Searches again in the open page (submitting sets the status to "…" at once). */
async function searchFor(page, query) {
  await page.evaluate((q) => {
    document.getElementById('search-page-q').value = q;
    document.querySelector('form.search-form-page').requestSubmit();
  }, query);
  return settled(page);
}

test('a build deployed while the search page is open: a clear message to reload, then build B answers', async () => {
  const root = portalCopy();
  const a = buildSite(root);
  // Build B: one guide changed and one added, so the documents, and with them most chunks,
  // differ.
  const housing = join(root, 'content/guides/housing.en.md');
  writeFileSync(housing, readFileSync(housing, 'utf8').replace(/^title: .*$/m, 'title: "Housing, revised"'));
  writeFileSync(
    join(root, 'content/guides/beekeeping.en.md'),
    '---\ntitle: "Beekeeping cooperatives"\nreviewed: 2026-11-01\n---\n\nBeekeeping cooperatives welcome newcomers with apiaries.\n',
  );
  const b = buildSite(root);
  const [chunksA, chunksB] = [chunkNames(a), chunkNames(b)];
  assert.ok([...chunksA].some((name) => !chunksB.has(name)), 'build B drops some chunks of build A');

  const server = await serve(a, '/');
  const page = await browser.newPage();
  try {
    const chunksFetched = [];
    page.on('request', (request) => {
      const name = request.url().match(/search\/chunks\/([0-9a-f]{16})\.bin$/);
      if (name) chunksFetched.push(name[1]);
    });
    await page.goto(`${server.base}en/search/?q=${encodeURIComponent('citizenship')}`);
    const strings = await page.evaluate(() => JSON.parse(document.getElementById('search-strings').textContent));
    const first = await settled(page);
    assert.ok(first.hits.length > 0, `build A answers: ${first.status}`);

    // Deploy B as a host would: the old files go, the new ones come.
    rmSync(server.folder, { recursive: true, force: true });
    cpSync(b, server.folder, { recursive: true });
    const before = chunksFetched.length;

    // "housing" needs postings and stored documents the first search did not read; A's
    // manifest names chunks that are gone. No hang, no results from a mix of builds: the
    // page asks for a reload.
    const second = await searchFor(page, 'housing');
    const afterDeploy = chunksFetched.slice(before);
    assert.ok(afterDeploy.some((name) => !chunksB.has(name)), `the search asked for a chunk of build A that is gone (${afterDeploy})`);
    assert.equal(second.status, strings.errorStale);
    assert.deepEqual(second.hits, []);
    // Asking again gives the same message, not a hang.
    assert.equal((await searchFor(page, 'housing')).status, strings.errorStale);

    // Reloaded, the page searches build B: the changed title and the new guide.
    await page.reload();
    const third = await searchFor(page, 'housing');
    const titles = await page.$$eval('#search-results .hit-title', (t) => t.map((x) => x.textContent));
    assert.ok(titles.includes('Housing, revised'), `answered from build B: ${third.status} ${titles}`);
    const fourth = await searchFor(page, 'beekeeping');
    // The new guide first; after it, the pages that stand in for its missing Kazakh and
    // Russian translations.
    const pages = fourth.hits.map((h) => h.split('#')[0]);
    assert.equal(pages[0], '/en/guides/beekeeping/');
    assert.deepEqual(pages.slice(1).sort(), ['/kk/guides/beekeeping/', '/ru/guides/beekeeping/']);
  } finally {
    await page.close();
    server.stop();
  }
});
