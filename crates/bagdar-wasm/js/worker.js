// Bagdar search worker: runs the WebAssembly search runtime off the page's thread. A search
// first names the index chunks it will read that are not here yet ({need: [...]}); the worker
// fetches them all at once and asks again, so a query costs a round trip or two instead of
// one per chunk. Anything read that was not named (terms found by typo tolerance) comes by a
// synchronous request, allowed in workers, so tantivy reads through an ordinary synchronous
// Directory. Messages:
//   page → worker: {type: 'open', wasm, manifest}  |  {type: 'search', id, request}
//   worker → page: {type: 'ready', build} | {type: 'result', id, response} | {type: 'error', id?, code, message}
'use strict';

let wasm = null;
// The compiled runtime and the manifest it opened, to start a fresh instance after a trap.
let compiled = null;
let manifestText = null;
let held = null;
const preloaded = new Map();
let chunksBase = '';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function memory() {
  return new Uint8Array(wasm.memory.buffer);
}

function readOutput() {
  const ptr = wasm.bagdar_output_ptr();
  const len = wasm.bagdar_output_len();
  return decoder.decode(memory().subarray(ptr, ptr + len));
}

function call(fn, text) {
  const bytes = encoder.encode(text);
  const ptr = wasm.bagdar_alloc(bytes.length);
  memory().set(bytes, ptr);
  const status = fn(ptr, bytes.length);
  wasm.bagdar_free(ptr, bytes.length);
  return { status, output: readOutput() };
}

const imports = {
  bagdar: {
    chunk_fetch(ptr, len) {
      const name = decoder.decode(memory().subarray(ptr, ptr + len));
      if (preloaded.has(name)) {
        held = preloaded.get(name);
        preloaded.delete(name);
        return held.length;
      }
      const xhr = new XMLHttpRequest();
      xhr.open('GET', `${chunksBase}${name}.bin`, false);
      xhr.responseType = 'arraybuffer';
      try {
        xhr.send();
      } catch {
        return -1;
      }
      if (xhr.status !== 200 && xhr.status !== 0) return -xhr.status;
      held = new Uint8Array(xhr.response || new ArrayBuffer(0));
      return held.length;
    },
    chunk_ready(ptr, len) {
      return preloaded.has(decoder.decode(memory().subarray(ptr, ptr + len))) ? 1 : 0;
    },
    chunk_copy(ptr) {
      memory().set(held, ptr);
      held = null;
    },
    random_fill(ptr, len) {
      crypto.getRandomValues(memory().subarray(ptr, ptr + len));
    },
  },
};

// Fetches chunks in parallel into `preloaded`, where chunk_fetch takes them from. A chunk that
// fails is left out: the search then reads it synchronously and reports the error itself.
function fetchAhead(names) {
  return Promise.all(names.map(async (name) => {
    try {
      const chunk = await fetch(`${chunksBase}${name}.bin`);
      if (chunk.ok) preloaded.set(name, new Uint8Array(await chunk.arrayBuffer()));
    } catch {
      // Read again synchronously by the search, which reports what went wrong.
    }
  }));
}

// At most this many rounds of fetching ahead; then the search reads what is left as it goes,
// so it always ends.
const ROUNDS = 4;

// Runs the runtime's search. A trap (a panic: the runtime is built with panic = "abort", and
// tantivy panics on some damaged indexes) leaves the instance in an unknown state: it is
// dropped, and the next search starts a fresh one.
function searchCall(request, sync) {
  try {
    return call(wasm.bagdar_search, JSON.stringify({ ...request, sync }));
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      wasm = null;
      held = null;
    }
    throw error;
  }
}

// A fresh instance of the compiled runtime, opened on the manifest; kept only once opened
// (opening may trap too).
async function instantiate() {
  const instance = await WebAssembly.instantiate(compiled, imports);
  wasm = instance.exports;
  try {
    const opened = call(wasm.bagdar_open, manifestText);
    if (opened.status !== 0) throw Object.assign(new Error(opened.output), { code: 'open' });
  } catch (error) {
    wasm = null;
    held = null;
    throw error;
  }
}

async function search(request) {
  for (let round = 0; ; round++) {
    const sync = round >= ROUNDS;
    const result = searchCall(request, sync);
    if (result.status !== 0) throw new Error(result.output);
    const response = JSON.parse(result.output);
    if (!response.need) return response;
    const before = preloaded.size;
    await fetchAhead(response.need);
    // Nothing new arrived (the host refuses the chunks): read synchronously for the error.
    if (preloaded.size === before) round = ROUNDS - 1;
  }
}

async function open(message) {
  // The runtime, the manifest and then the chunks every search reads travel at the same
  // time: on a phone each round trip costs more than the bytes.
  const runtime = fetch(message.wasm).then(async (response) => {
    if (!response.ok) throw Object.assign(new Error(`runtime: HTTP ${response.status}`), { code: 'load' });
    return WebAssembly.compile(await response.arrayBuffer());
  });
  // The manifest is revalidated on every open: a new build must never be read through an
  // old manifest, and the chunks it names are immutable.
  const manifest = await fetch(message.manifest, { cache: 'no-cache' });
  if (!manifest.ok) throw Object.assign(new Error(`index: HTTP ${manifest.status}`), { code: 'load' });
  const text = await manifest.text();
  chunksBase = new URL('chunks/', manifest.url).href;
  const preload = fetchAhead(JSON.parse(text).preload || []);
  [compiled] = await Promise.all([runtime, preload]);
  manifestText = text;
  await instantiate();
  return JSON.parse(text).build;
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
    if (!wasm && !compiled) {
      self.postMessage({ type: 'error', id: message.id, code: 'load', message: 'the runtime is not loaded' });
      return;
    }
    try {
      if (!wasm) await instantiate();
      const response = await search(message.request);
      self.postMessage({ type: 'result', id: message.id, response });
    } catch (error) {
      self.postMessage({ type: 'error', id: message.id, code: 'search', message: String(error.message || error) });
    }
  }
};
