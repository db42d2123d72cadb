// Live preview for `bagdar serve` (never part of a built site). When the site is rebuilt:
// a page none of whose files changed stays as it is; a page whose new version differs only in
// its title and text (not its head, layout, forms or scripts) gets those replaced in place
// (no reload, no flash, the scroll place and the search box's state kept); anything else
// reloads the page at the same scroll place.
// When a change breaks the build, the errors show over the page while the last good site
// stays served.
'use strict';
(() => {
  const key = `bagdar-scroll:${location.pathname}`;
  const saved = sessionStorage.getItem(key);
  if (saved) {
    sessionStorage.removeItem(key);
    const [x, y] = JSON.parse(saved);
    const restore = () => window.scrollTo(x, y);
    if (document.readyState === 'complete') restore();
    else window.addEventListener('load', restore, { once: true });
  }

  let overlay = null;
  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
  }
  function show(report) {
    hide();
    overlay = document.createElement('section');
    overlay.id = 'bagdar-overlay';
    overlay.setAttribute('role', 'alert');
    const title = document.createElement('h2');
    title.textContent = `Bagdar: the build failed (${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}); the last good site is shown`;
    overlay.append(title);
    for (const problem of report.problems) {
      const where = document.createElement('p');
      where.className = 'bagdar-where';
      const place = [problem.file, problem.line, problem.column].filter((p) => p != null).join(':');
      where.textContent = `${place}  ${problem.code}`;
      const text = document.createElement('pre');
      text.textContent = problem.text;
      overlay.append(where, text);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Hide';
    close.addEventListener('click', hide);
    overlay.append(close);
    document.body.append(overlay);
  }

  function reload() {
    sessionStorage.setItem(key, JSON.stringify([window.scrollX, window.scrollY]));
    location.reload();
  }

  // The output file that serves this page, as the server names changed files.
  function ownFile() {
    const path = decodeURIComponent(location.pathname).replace(/^\//, '');
    return path === '' || path.endsWith('/') ? `${path}index.html` : path;
  }

  // A page as served: its head but the title, and each element of its body. Taken from the
  // served HTML, not the live page, which scripts may have changed.
  function parts(doc) {
    const head = [...doc.head.children].filter((e) => e.tagName !== 'TITLE').map((e) => e.outerHTML);
    return { head: JSON.stringify(head), body: [...doc.body.children].map((e) => e.outerHTML) };
  }

  async function served() {
    const response = await fetch(location.href, { cache: 'no-store' });
    if (!response.ok) return null;
    return new DOMParser().parseFromString(await response.text(), 'text/html');
  }

  // This page as it was served, once loaded.
  let shown = null;
  served().then((doc) => {
    shown = doc && parts(doc);
  }, () => {});

  // Replaces the title and the body elements that changed, unless the head changed, the
  // layout changed, or a changed element holds a form or a script (whose state or listeners
  // a swap would lose): then the caller reloads.
  async function swap() {
    const next = await served();
    if (!next || !shown) return false;
    const after = parts(next);
    const live = [...document.body.children].filter((e) => e.id !== 'bagdar-overlay');
    if (after.head !== shown.head || after.body.length !== shown.body.length || live.length !== after.body.length) return false;
    const changed = after.body.map((html, i) => html !== shown.body[i]);
    const unsafe = (e) => e.tagName === 'SCRIPT' || e.tagName === 'FORM' || e.querySelector('form, script');
    if (live.some((e, i) => changed[i] && unsafe(e))) return false;
    const fresh = [...next.body.children];
    document.title = next.title;
    live.forEach((e, i) => {
      if (changed[i]) e.replaceWith(document.adoptNode(fresh[i]));
    });
    shown = after;
    return true;
  }

  const events = new EventSource('/__bagdar/events');
  events.addEventListener('reload', async (event) => {
    hide();
    const changed = JSON.parse(event.data || '{}').changed;
    if (!Array.isArray(changed)) return reload();
    // Pages, the sitemap, the index and the offline lists (which name the pages): whatever
    // else changed (style sheets, scripts, images) may show on any page.
    const pagesOnly = changed.every(
      (f) => f.endsWith('.html') || f === 'sitemap.xml' || f.startsWith('search/') || f.endsWith('/offline.json'),
    );
    if (!pagesOnly) return reload();
    if (!changed.includes(ownFile())) return undefined;
    try {
      if (await swap()) return undefined;
    } catch {
      // Reload below.
    }
    return reload();
  });
  events.addEventListener('problems', (event) => show(JSON.parse(event.data)));
  events.addEventListener('ok', hide);
})();
