// Bagdar's service worker, written by `bagdar build` into the site's root folder, so that its
// scope is the site's own folder on any host and under any path. Without JavaScript nothing
// changes; with it:
// - files named by their content (the search runtime, the index's chunks): cache first;
// - every other file: the network first, a copy when the network fails or is slower than
//   TIMEOUT (the saved one, else the one kept when last visited), and every page and file a
//   visitor opens is kept;
// - a page neither kept nor saved, offline: a page in the reader's language, with the help
//   lines and links to what opens offline;
// - "save for offline" (messages from search.js): every guide and region page of a language
//   or edition, the search runtime and the index, from the lists the build writes
//   (<reading>/offline.json: each file's path, FNV-1a hash, size and title). The saved files
//   are one cache, made whole before it replaces the last one: an update copies what did not
//   change, fetches what did, checks every file against its hash, and a file that does not
//   match (a deploy under way) stops the update with the old cache untouched. So the saved
//   pages are always one build's.
'use strict';

// What the build fills in: {readings: {<code>: {tag, dir, site, strings}}, fallback}.
const CONFIG = /*BAGDAR_CONFIG*/ {};

const SCOPE = new URL(self.registration.scope);
const PAGES = 'bagdar-pages';
const ASSETS = 'bagdar-assets';
const META = 'bagdar-meta';
const SAVED = 'bagdar-saved-';
const META_KEY = new URL('__bagdar/saved.json', SCOPE).href;
// How long a page waits for the network before a kept copy is shown.
const TIMEOUT = 4000;
// Files fetched at once while saving.
const PARALLEL = 6;
// At most this many visited files are kept, the oldest given up first.
const KEEP = 400;
// Content-named files: the runtime, the worker, the index's chunks.
const NAMED = /^search\/(chunks\/[0-9a-f]{16}\.bin|worker\.[0-9a-f]{16}\.js|bagdar\.[0-9a-f]{16}\.wasm)$/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** The site-relative path of a URL in scope, or null. */
function relative(url) {
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return null;
  return decodeURI(url.pathname.slice(SCOPE.pathname.length));
}

/** The cache key of a URL: no query, no fragment, `index.html` as its folder. */
function keyOf(url) {
  const key = new URL(url.pathname.replace(/(^|\/)index\.html$/, '$1'), url);
  return key.href;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || request.headers.has('range')) return;
  const url = new URL(request.url);
  const rel = relative(url);
  if (rel === null || rel === 'sw.js' || rel.startsWith('__bagdar/')) return;
  if (NAMED.test(rel)) {
    event.respondWith(cacheFirst(request, keyOf(url)));
  } else {
    event.respondWith(networkFirst(event, request, keyOf(url), rel));
  }
});

async function cacheFirst(request, key) {
  const hit = await caches.match(key);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    const cache = await caches.open(ASSETS);
    await cache.put(key, copy);
  }
  return response;
}

async function networkFirst(event, request, key, rel) {
  const network = fetch(request);
  // Kept as it arrives; registered before the page's own reader, so the copy is taken first.
  event.waitUntil(
    network
      .then((response) => (response.ok && response.type === 'basic' ? keep(key, response.clone()) : null))
      .catch(() => {}),
  );
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, TIMEOUT, 'late');
  });
  try {
    const first = await Promise.race([network, late]);
    if (first !== 'late') return first;
    const kept = await keptCopy(key);
    return kept || (await network);
  } catch {
    const kept = await keptCopy(key);
    if (kept) return kept;
    if (request.mode === 'navigate' || (request.headers.get('accept') || '').includes('text/html')) {
      return offlinePage(rel);
    }
    return Response.error();
  } finally {
    clearTimeout(timer);
  }
}

/** Keeps a visited file, giving up the oldest beyond KEEP. */
async function keep(key, response) {
  const cache = await caches.open(PAGES);
  await cache.delete(key);
  await cache.put(key, response);
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - KEEP))) await cache.delete(old);
}

/** A copy of a file: saved (so that saved pages are always one build's), else visited, else
 * content-named. */
async function keptCopy(key) {
  const meta = await readMeta();
  if (meta) {
    const saved = await (await caches.open(meta.cache)).match(key);
    if (saved) return saved;
  }
  const visited = await (await caches.open(PAGES)).match(key);
  return visited || (await caches.open(ASSETS)).match(key);
}

async function readMeta() {
  const response = await (await caches.open(META)).match(META_KEY);
  return response ? response.json() : null;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The reading (language or edition) a path belongs to. */
function readingOf(rel) {
  const first = rel.split('/')[0];
  return Object.hasOwn(CONFIG.readings, first) ? first : CONFIG.fallback;
}

/** The page shown for a page that is neither kept nor saved. */
async function offlinePage(rel) {
  const code = readingOf(rel);
  const reading = CONFIG.readings[code];
  const t = reading.strings;
  const root = SCOPE.pathname;
  const meta = await readMeta();
  const saved = meta?.titles?.[code] || [];
  const savedPaths = new Set(saved.map(([path]) => path));
  const visited = [];
  for (const request of (await (await caches.open(PAGES)).keys()).reverse()) {
    const path = relative(new URL(request.url));
    if (!path || !path.startsWith(`${code}/`) || !path.endsWith('/') || savedPaths.has(path)) continue;
    const response = await (await caches.open(PAGES)).match(request);
    // The page's title without the site's name, as the lists give it.
    const title = (await response.text()).match(/<title>([^<]*)<\/title>/)?.[1]?.replace(/ · [^·]*$/, '');
    if (title) visited.push([path, title]);
    if (visited.length >= 50) break;
  }
  // Titles come from the build's own pages, already escaped there.
  const list = (pages) =>
    `<ul>${pages.map(([path, title]) => `<li><a href="${escapeHtml(root + path)}">${title}</a></li>`).join('')}</ul>`;
  const help = t.help
    .map(([number, label]) => `<a href="tel:${number}"><strong dir="ltr">${number}</strong> ${escapeHtml(label)}</a>`)
    .join(' ');
  const html = `<!doctype html>
<html lang="${reading.tag}" dir="${reading.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(t.title)} · ${escapeHtml(reading.site)}</title>
<link rel="stylesheet" href="${escapeHtml(root)}style.css">
</head>
<body class="offline-page">
<header class="site-header">
<div class="wrap header-row"><a class="site-name" href="${escapeHtml(`${root}${code}/`)}">${escapeHtml(reading.site)}</a></div>
<aside class="help-bar" aria-label="${escapeHtml(t.helpTitle)}"><div class="wrap"><p><span class="help-label">${escapeHtml(t.helpTitle)}:</span> ${help}</p></div></aside>
</header>
<main id="main" class="wrap">
<h1>${escapeHtml(t.title)}</h1>
${saved.length || visited.length ? `<p>${escapeHtml(t.text)}</p>` : `<p>${escapeHtml(t.none)}</p>`}
${saved.length ? `<h2>${escapeHtml(t.saved)}</h2>\n${list(saved)}` : ''}
${visited.length ? `<h2>${escapeHtml(t.visited)}</h2>\n${list(visited)}` : ''}
</main>
</body>
</html>
`;
  return new Response(html, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

// ---- Saving for offline ----

/** FNV-1a, 64 bits, as 16 hex digits: what the build names files by (in 32-bit halves). */
function fnv(bytes) {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < bytes.length; i++) {
    lo ^= bytes[i];
    // (hi·2³² + lo) · (2⁴⁰ + 0x1b3) mod 2⁶⁴
    const loLow = (lo & 0xffff) * 0x1b3;
    const loHigh = (lo >>> 16) * 0x1b3 + (loLow >>> 16);
    const newLo = ((loHigh & 0xffff) << 16) | (loLow & 0xffff);
    hi = (Math.imul(hi, 0x1b3) + (loHigh >>> 16) + (lo << 8)) >>> 0;
    lo = newLo >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** Whether a file's bytes are the ones the list names. */
function matches(path, bytes, hash) {
  if (fnv(bytes) === hash) return true;
  // A host that decodes the index's gzip itself hands over the payload, named by its hash.
  const named = path.match(/^search\/chunks\/([0-9a-f]{16})\.bin$/);
  return Boolean(named) && bytes[0] !== 0x1f && fnv(bytes) === named[1];
}

class Changed extends Error {}

/** A list, fresh from the network. */
async function fetchList(code) {
  const response = await fetch(new URL(`${code}/offline.json`, SCOPE), { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${code}/offline.json: ${response.status}`);
  return response.json();
}

/** What saving `codes` (with what is saved already) would fetch: {lists, wanted, fetch, bytes}. */
async function plan(codes) {
  const meta = await readMeta();
  const all = [...new Set([...(meta ? Object.keys(meta.versions) : []), ...codes])];
  const lists = await Promise.all(all.map(fetchList));
  const wanted = new Map();
  for (const list of lists) for (const [path, hash, size] of list.files) wanted.set(path, { hash, size });
  const have = meta?.files || {};
  const missing = [];
  let bytes = 0;
  for (const [path, entry] of wanted) {
    if (have[path] === entry.hash) continue;
    missing.push(path);
    bytes += entry.size;
  }
  return { all, lists, wanted, missing, bytes, meta };
}

async function reply(client, message) {
  try {
    client?.postMessage(message);
  } catch {
    // The page went away; the work goes on.
  }
}

/** The state of `code` for the page's control: saved or not, and what an update costs. */
async function status(code) {
  const meta = await readMeta();
  const saved = meta && Object.hasOwn(meta.versions, code) ? { date: meta.date } : null;
  try {
    const { missing, bytes, wanted } = await plan([code]);
    return { type: 'status', code, saved, files: missing.length, total: wanted.size, bytes };
  } catch {
    return { type: 'status', code, saved, offline: true };
  }
}

/** Saves `code` (and brings every saved reading up to date) as one cache, then swaps it in. */
async function save(code, client) {
  const { all, lists, wanted, meta } = await plan([code]);
  const name = `${SAVED}${Date.now()}`;
  const target = await caches.open(name);
  const old = meta ? await caches.open(meta.cache) : null;
  const have = meta?.files || {};
  const entries = [...wanted];
  let done = 0;
  let fetched = 0;
  const one = async ([path, { hash }]) => {
    const key = new URL(path, SCOPE).href;
    let response = have[path] === hash && old ? await old.match(key) : undefined;
    if (!response) {
      response = await reuse(key, path, hash);
    }
    if (!response) {
      const got = await fetch(key, { cache: 'no-cache', headers: { 'X-Bagdar-Save': '1' } });
      if (!got.ok) throw new Changed(`${path}: ${got.status}`);
      const bytes = new Uint8Array(await got.clone().arrayBuffer());
      if (!matches(path, bytes, hash)) throw new Changed(path);
      fetched += bytes.length;
      response = got;
    }
    await target.put(key, response);
    done += 1;
    if (!failure && (done % 10 === 0 || done === entries.length)) {
      reply(client, { type: 'progress', code, done, total: entries.length });
    }
  };
  // PARALLEL fetches at a time; the first failure stops them all, and the new cache is
  // dropped only when none is still writing into it.
  let cursor = 0;
  let failure = null;
  const worker = async () => {
    while (cursor < entries.length && !failure) {
      try {
        await one(entries[cursor++]);
      } catch (error) {
        failure = failure || error;
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  if (failure) {
    await caches.delete(name);
    return { type: 'failed', code, reason: String(failure?.message || failure) };
  }
  const titles = {};
  for (const list of lists) {
    titles[list.reading] = list.files.filter((f) => f[3]).map(([path, , , title]) => [path, title]);
  }
  const versions = Object.fromEntries(lists.map((list) => [list.reading, list.version]));
  const files = Object.fromEntries(entries.map(([path, { hash }]) => [path, hash]));
  const record = { cache: name, date: Date.now(), versions, titles, files };
  await (await caches.open(META)).put(
    META_KEY,
    new Response(JSON.stringify(record), { headers: { 'Content-Type': 'application/json' } }),
  );
  if (meta) await caches.delete(meta.cache);
  // Visited copies of saved pages are older than what was just saved.
  const pages = await caches.open(PAGES);
  await Promise.all(entries.map(([path]) => pages.delete(new URL(path, SCOPE).href)));
  return { type: 'saved', code, date: record.date, fetched, files: entries.length, readings: all };
}

/** A kept or content-named copy of a file whose bytes match the list: nothing to download. */
async function reuse(key, path, hash) {
  for (const name of [PAGES, ASSETS]) {
    const response = await (await caches.open(name)).match(key);
    if (response && matches(path, new Uint8Array(await response.clone().arrayBuffer()), hash)) {
      return response;
    }
  }
  return undefined;
}

/** Keeps what the first page used before this worker ran (from the HTTP cache). */
async function keepAll(urls) {
  const cache = await caches.open(PAGES);
  for (const url of urls) {
    const parsed = new URL(url);
    const rel = relative(parsed);
    if (rel === null || NAMED.test(rel) || rel.startsWith('__bagdar/')) continue;
    const key = keyOf(parsed);
    if (await cache.match(key)) continue;
    try {
      const response = await fetch(parsed.href, { cache: 'force-cache' });
      if (response.ok) await cache.put(key, response);
    } catch {
      // Offline already: nothing to keep.
    }
  }
}

// One save at a time.
let saving = Promise.resolve();

self.addEventListener('message', (event) => {
  const message = event.data || {};
  const client = event.source;
  if (message.type === 'keep' && Array.isArray(message.urls)) {
    event.waitUntil(keepAll(message.urls));
  } else if (message.type === 'state' && Object.hasOwn(CONFIG.readings, message.code)) {
    // Whether the reading is saved: asks nothing of the network.
    event.waitUntil(
      readMeta().then((meta) => {
        const saved = meta && Object.hasOwn(meta.versions, message.code) ? { date: meta.date } : null;
        return reply(client, { type: 'state', code: message.code, saved });
      }),
    );
  } else if (message.type === 'status' && Object.hasOwn(CONFIG.readings, message.code)) {
    event.waitUntil(status(message.code).then((answer) => reply(client, answer)));
  } else if (message.type === 'save' && Object.hasOwn(CONFIG.readings, message.code)) {
    const work = saving.then(() => save(message.code, client)).then((answer) => reply(client, answer));
    saving = work.catch(() => {});
    event.waitUntil(saving);
  }
});
