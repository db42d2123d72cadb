// Bagdar's page script, two progressive enhancements.
// Search: without JavaScript the forms lead to the search page, which lists the sections
// instead. With it, the search runtime (a Web Worker running WebAssembly over the prebuilt
// index) is downloaded only when the visitor first focuses a search box, and results appear
// as they type.
// Offline: registers the service worker (sw.js in the site's root, beside this script) and
// drives the "save for offline" control of guide and section pages, hidden without it.
(() => {
  'use strict';
  const stringsElement = document.getElementById('search-strings');
  if (!stringsElement || !('Worker' in window) || !('WebAssembly' in window)) return;
  const strings = JSON.parse(stringsElement.textContent);
  const plurals = new Intl.PluralRules(strings.lang);
  let worker = null;
  let ready = null;
  let nextId = 1;
  const waiting = new Map();

  // Opens the runtime once; a failed open is forgotten, so a later search tries again.
  function start(form) {
    if (ready) return ready;
    ready = new Promise((resolve, reject) => {
      const fail = (error) => {
        ready = null;
        if (worker) worker.terminate();
        worker = null;
        reject(error);
      };
      try {
        worker = new Worker(form.dataset.worker);
      } catch (error) {
        fail({ code: 'load', message: String(error) });
        return;
      }
      const timer = setTimeout(() => fail({ code: 'load', message: 'timed out' }), 60000);
      worker.onmessage = (event) => {
        const message = event.data;
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve(message);
        } else if (message.type === 'error' && message.id == null) {
          clearTimeout(timer);
          fail(message);
        } else if (waiting.has(message.id)) {
          const pending = waiting.get(message.id);
          waiting.delete(message.id);
          if (message.type === 'result') pending.resolve(message.response);
          else pending.reject(message);
        }
      };
      worker.onerror = (event) => {
        clearTimeout(timer);
        fail({ code: 'load', message: event.message || 'worker failed' });
      };
      worker.postMessage({
        type: 'open',
        wasm: new URL(form.dataset.wasm, location.href).href,
        manifest: new URL(form.dataset.manifest, location.href).href,
        lang: strings.lang,
      });
    });
    ready.catch(() => {});
    return ready;
  }

  function search(request) {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ type: 'search', id, request });
    });
  }

  // A file of the open build that is gone or does not match its name means a new build was
  // deployed: reloading helps. Anything else (no network, a runtime that does not load) does not.
  function errorText(error) {
    return error && error.code === 'stale' ? strings.errorStale : strings.errorLoad;
  }

  function countText(n) {
    const forms = strings.counts;
    const form = forms[plurals.select(n)] || forms.other || forms.many;
    return form.replace('{n}', String(n));
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  // In right-to-left text (the kk-Arab edition) a run of digits and Latin letters (a phone
  // number, an address) goes in <bdi>, as the generator isolates them on the pages, so its parts
  // keep their order. Text nodes only, as everywhere here.
  const rtl = document.documentElement.dir === 'rtl';
  const ltrRun = /[0-9A-Za-z+][0-9A-Za-z +()\-.:/@–]*[0-9A-Za-z)]|[0-9A-Za-z]/g;
  function appendIsolated(parent, text) {
    if (!rtl) {
      parent.append(document.createTextNode(text));
      return;
    }
    let at = 0;
    for (const run of text.matchAll(ltrRun)) {
      if (run.index > at) parent.append(document.createTextNode(text.slice(at, run.index)));
      parent.append(element('bdi', null, run[0]));
      at = run.index + run[0].length;
    }
    if (at < text.length) parent.append(document.createTextNode(text.slice(at)));
  }

  // Results are built from text nodes only: hit text never becomes markup.
  function renderHit(hit, root, regionNames) {
    const item = element('li', 'search-hit');
    const link = element('a');
    link.href = new URL(hit.url, root).href;
    link.lang = hit.lang;
    link.append(element('span', 'hit-title', hit.title));
    if (hit.section) link.append(element('span', 'hit-section', ` — ${hit.section}`));
    item.append(link);
    if (hit.snippet && hit.snippet.length) {
      const snippet = element('p', 'hit-snippet');
      snippet.lang = hit.lang;
      for (const piece of hit.snippet) {
        if (piece.mark) snippet.append(element('mark', null, piece.text));
        else appendIsolated(snippet, piece.text);
      }
      item.append(snippet);
    }
    const meta = [strings.kinds[hit.kind] || hit.kind];
    if (hit.region && regionNames[hit.region]) meta.push(regionNames[hit.region]);
    item.append(element('p', 'hit-meta', meta.join(' · ')));
    return item;
  }

  function attach(form) {
    const input = form.querySelector('input[type="search"]');
    if (!input) return;
    const onPage = Boolean(form.dataset.results);
    const root = new URL('../', new URL(form.dataset.manifest, location.href));
    const regionNames = {};
    for (const option of form.querySelectorAll('select[name="region"] option')) {
      if (option.value) regionNames[option.value] = option.textContent;
    }
    let list;
    let status;
    let panel = null;
    let more = null;
    if (onPage) {
      list = document.getElementById(form.dataset.results);
      status = document.getElementById(`${form.dataset.results}-status`);
    } else {
      panel = element('div', 'search-panel');
      panel.id = 'site-search-panel';
      panel.hidden = true;
      status = element('p', 'search-status');
      status.setAttribute('role', 'status');
      status.setAttribute('aria-live', 'polite');
      list = element('ol', 'search-results');
      more = element('a', 'search-more', strings.allResults);
      panel.append(status, list, more);
      (form.closest('.header-row') || form).after(panel);
      input.setAttribute('aria-controls', panel.id);
    }
    let latest = 0;
    let timer = null;

    async function run() {
      const query = input.value.trim();
      const ticket = ++latest;
      const kind = form.querySelector('select[name="kind"]');
      const region = form.querySelector('select[name="region"]');
      if (onPage) {
        const params = new URLSearchParams();
        if (query) params.set('q', query);
        if (kind && kind.value) params.set('kind', kind.value);
        if (region && region.value) params.set('region', region.value);
        history.replaceState(null, '', `${location.pathname}${params.toString() ? `?${params}` : ''}`);
      }
      if (panel) {
        panel.hidden = !query;
        more.href = `${form.action}?q=${encodeURIComponent(query)}`;
      }
      if (!query) {
        list.replaceChildren();
        status.textContent = '';
        return;
      }
      status.textContent = strings.loading;
      try {
        await start(form);
        const response = await search({
          query,
          lang: strings.lang,
          // On a Kazakh edition's page (Arab, Latn): results in its script, linking its pages.
          edition: strings.edition || null,
          kind: kind && kind.value ? kind.value : null,
          region: region && region.value ? region.value : null,
          limit: onPage ? 10 : 6,
        });
        if (ticket !== latest) return;
        list.replaceChildren(...response.hits.map((hit) => renderHit(hit, root, regionNames)));
        status.classList.remove('search-error');
        status.textContent = response.hits.length ? countText(response.hits.length) : strings.none;
        if (response.truncated) status.textContent += ` ${strings.truncated}`;
      } catch (error) {
        if (ticket !== latest) return;
        list.replaceChildren();
        status.textContent = errorText(error);
        status.classList.add('search-error');
      }
    }

    input.addEventListener('focus', () => start(form), { once: true });
    // The first keystroke searches at once; later ones wait until typing pauses.
    let typed = false;
    input.addEventListener('input', () => {
      clearTimeout(timer);
      if (!typed) {
        typed = true;
        run();
      } else {
        timer = setTimeout(run, 120);
      }
    });
    for (const select of form.querySelectorAll('select')) select.addEventListener('change', run);
    if (onPage) {
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        run();
      });
      const params = new URLSearchParams(location.search);
      input.value = params.get('q') || '';
      for (const name of ['kind', 'region']) {
        const select = form.querySelector(`select[name="${name}"]`);
        if (select && params.get(name)) select.value = params.get(name);
      }
      if (input.value) run();
    } else {
      form.addEventListener('keydown', (event) => {
        if (event.key === 'Escape' && panel) panel.hidden = true;
      });
    }
  }

  const page = document.querySelector('.search-page');
  if (page) {
    page.hidden = false;
    const fallback = document.querySelector('.search-nojs');
    if (fallback) fallback.hidden = true;
  }
  for (const form of document.querySelectorAll('form.search-form')) attach(form);
})();

(() => {
  'use strict';
  const script = document.currentScript;
  if (!script || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  const root = new URL('.', script.src);
  const sw = navigator.serviceWorker;
  sw.register(new URL('sw.js', root), { scope: root.href }).catch(() => {});
  // What this page loaded before the worker ran, for it to keep (from the HTTP cache).
  if (!sw.controller) {
    sw.ready.then((registration) => {
      const urls = [location.href, ...performance.getEntriesByType('resource').map((entry) => entry.name)];
      registration.active?.postMessage({ type: 'keep', urls });
    });
  }

  const control = document.querySelector('[data-save-offline]');
  const stringsElement = document.getElementById('search-strings');
  if (!control || !stringsElement) return;
  const strings = JSON.parse(stringsElement.textContent);
  const t = strings.offline;
  const button = control.querySelector('button');
  const status = control.querySelector('.save-status');
  const list = new URL(control.dataset.list, location.href);
  const code = decodeURI(list.pathname.slice(root.pathname.length)).split('/')[0];
  const numbers = new Intl.NumberFormat(strings.lang, { maximumFractionDigits: 1 });
  const size = (bytes) =>
    bytes < 1024 * 1024
      ? t.kb.replace('{n}', numbers.format(Math.max(1, Math.round(bytes / 1024))))
      : t.mb.replace('{n}', numbers.format(bytes / (1024 * 1024)));
  const date = (ms) => {
    const day = new Date(ms);
    return t.dateFormat
      .replace('{day}', String(day.getDate()))
      .replace('{month}', t.months[day.getMonth()])
      .replace('{year}', String(day.getFullYear()));
  };
  // start: the button asks what a save costs; confirm: it saves.
  let step = 'start';
  const ask = (message) => sw.ready.then((registration) => registration.active?.postMessage({ ...message, code }));
  const show = (state, text, label) => {
    control.dataset.state = state;
    status.textContent = text;
    if (label) button.textContent = label;
    button.disabled = state === 'saving' || state === 'asking';
  };
  let saved = null;
  sw.addEventListener('message', (event) => {
    const message = event.data || {};
    if (message.code !== code) return;
    if (message.type === 'state') {
      saved = message.saved;
      if (saved) show('saved', t.saved.replace('{date}', date(saved.date)), t.check);
    } else if (message.type === 'status') {
      if (message.offline) {
        show('failed', t.failed, saved ? t.check : t.save);
      } else if (saved && message.files === 0) {
        show('saved', `${t.saved.replace('{date}', date(saved.date))} ${t.current}`, t.check);
      } else {
        step = 'confirm';
        const text = (saved ? t.update : t.size).replace('{size}', size(message.bytes));
        show('ready', text, t.confirm.replace('{size}', size(message.bytes)));
      }
    } else if (message.type === 'progress') {
      show('saving', t.progress.replace('{done}', message.done).replace('{total}', message.total));
    } else if (message.type === 'saved') {
      saved = { date: message.date };
      step = 'start';
      show('saved', t.saved.replace('{date}', date(message.date)), t.check);
    } else if (message.type === 'failed') {
      step = 'start';
      show('failed', t.failed, saved ? t.check : t.save);
    }
  });
  button.addEventListener('click', () => {
    if (step === 'confirm') {
      show('saving', t.progress.replace('{done}', 0).replace('{total}', '…'));
      ask({ type: 'save' });
    } else {
      show('asking', status.textContent);
      ask({ type: 'status' });
    }
  });
  sw.startMessages?.();
  control.hidden = false;
  ask({ type: 'state' });
})();
