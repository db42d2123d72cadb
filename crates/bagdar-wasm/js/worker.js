// Bagdar search worker: runs the WebAssembly search runtime (the lean reader of the index) off
// the page's thread. The runtime fetches nothing itself: a search answers its hits or the
// files it needs ({need: [...]}); the worker fetches those all at once, hands them over, and
// asks again, so a query costs a round trip or three on a cold cache and none when its files
// are here. Files come gzip-compressed from any host (the build compresses them) and are
// decompressed here with DecompressionStream; a host that decoded them already is fine too.
// Messages:
//   page → worker: {type: 'open', wasm, manifest, lang}  |  {type: 'search', id, request}
//   worker → page: {type: 'ready', build} | {type: 'result', id, response}
//                  | {type: 'error', id?, code: 'load' | 'stale' | 'search', message}
'use strict';

let wasm = null;
// The compiled runtime and the manifest it opened, to start a fresh instance after a trap.
let compiled = null;
let manifest = null;
let pageLang = '';
let chunksBase = '';
// Every file fetched, by name, as its payload: a fresh instance is handed them again.
const files = new Map();
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function fail(code, message) {
  return Object.assign(new Error(message), { code });
}

function memory() {
  return new Uint8Array(wasm.memory.buffer);
}

// Copies byte arrays into the runtime's memory, calls `fn` with (pointer, length) pairs, and
// returns its status and output.
function call(fn, ...arrays) {
  const args = [];
  for (const bytes of arrays) {
    const ptr = wasm.bagdar_alloc(bytes.length);
    memory().set(bytes, ptr);
    args.push(ptr, bytes.length);
  }
  const status = fn(...args);
  for (let i = 0; i < args.length; i += 2) wasm.bagdar_free(args[i], args[i + 1]);
  const ptr = wasm.bagdar_output_ptr();
  const output = decoder.decode(memory().subarray(ptr, ptr + wasm.bagdar_output_len()));
  return { status, output };
}

// A file as the host sent it, gzip undone. Gzip starts with 0x1f 0x8b; the runtime's own
// formats never do (a payload starts with its kind's letter, a module with "\0asm").
async function payloadOf(response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    throw fail('stale', `${response.url} is not valid gzip`);
  }
}

async function get(url, options) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (error) {
    // No answer at all: the network, not a new build.
    throw fail('load', `${url}: ${error.message || error}`);
  }
  if (!response.ok) {
    // A file of this build that the host no longer has: a new build was deployed.
    throw fail(response.status === 404 || response.status === 410 ? 'stale' : 'load', `${url}: HTTP ${response.status}`);
  }
  return payloadOf(response);
}

// Fetches the files not fetched yet, all at once, and hands every one to the runtime.
async function provide(names) {
  const started = performance.now();
  let bytes = 0;
  await Promise.all(names.filter((name) => !files.has(name)).map(async (name) => {
    const payload = await get(`${chunksBase}${name}.bin`);
    bytes += payload.length;
    files.set(name, payload);
  }));
  for (const name of names) {
    const given = call(wasm.bagdar_provide, encoder.encode(name), files.get(name));
    // A file that does not match its name was cut short, damaged, or is from another build.
    if (given.status !== 0) throw fail('stale', given.output);
  }
  return { ms: performance.now() - started, files: names.length, bytes };
}

// A fresh instance of the compiled runtime, opened on the manifest.
async function instantiate() {
  const instance = await WebAssembly.instantiate(compiled, {});
  wasm = instance.exports;
  try {
    const opened = call(wasm.bagdar_open, manifest, encoder.encode(pageLang));
    if (opened.status !== 0) throw fail('stale', opened.output);
    return JSON.parse(opened.output);
  } catch (error) {
    wasm = null;
    throw error;
  }
}

// More rounds than any search needs; then it ends with an error instead of going on.
const ROUNDS = 12;

async function search(request) {
  const lines = [request.query, request.lang, request.kind, request.region, request.limit, request.edition]
    .map((value) => String(value ?? '').replace(/\n/g, ' '))
    .join('\n');
  const rounds = [];
  let engine = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    const started = performance.now();
    let result;
    try {
      result = call(wasm.bagdar_search, encoder.encode(lines));
    } catch (error) {
      // A trap leaves the instance in an unknown state: the next search starts a fresh one.
      if (error instanceof WebAssembly.RuntimeError) wasm = null;
      throw fail('search', String(error.message || error));
    }
    engine += performance.now() - started;
    if (result.status !== 0) throw fail('stale', result.output);
    const response = JSON.parse(result.output);
    if (!response.need) return { ...response, timing: { engine, rounds } };
    rounds.push(await provide(response.need));
  }
  throw fail('search', 'the search kept asking for files');
}

async function open(message) {
  // The runtime and the manifest travel at the same time: on a phone each round trip costs
  // more than the bytes. The manifest is revalidated on every open: a new build must never be
  // read through an old manifest, and the files it names are immutable.
  const runtime = get(message.wasm).then((bytes) => WebAssembly.compile(bytes)).catch((error) => {
    throw fail('load', `runtime: ${error.message || error}`);
  });
  pageLang = message.lang || '';
  const manifestUrl = new URL(message.manifest, self.location.href);
  chunksBase = new URL('chunks/', manifestUrl).href;
  [compiled, manifest] = await Promise.all([runtime, get(manifestUrl.href, { cache: 'no-cache' })]);
  const opened = await instantiate();
  // Small files every search reads come now, before the visitor has finished typing.
  await provide(opened.eager);
  return opened.build;
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === 'open') {
    try {
      const build = await open(message);
      self.postMessage({ type: 'ready', build });
    } catch (error) {
      self.postMessage({ type: 'error', code: error.code || 'load', message: String(error.message || error) });
    }
  } else if (message.type === 'search') {
    if (!compiled) {
      self.postMessage({ type: 'error', id: message.id, code: 'load', message: 'the runtime is not loaded' });
      return;
    }
    try {
      if (!wasm) await instantiate();
      const response = await search(message.request);
      self.postMessage({ type: 'result', id: message.id, response });
    } catch (error) {
      self.postMessage({ type: 'error', id: message.id, code: error.code || 'search', message: String(error.message || error) });
    }
  }
};
