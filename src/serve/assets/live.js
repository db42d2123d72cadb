// Live preview for `bagdar serve` (never part of a built site): reloads the page when the
// site is rebuilt, keeping the scroll place, and shows the build's errors over the page
// while the last good site stays served.
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

  const events = new EventSource('/__bagdar/events');
  events.addEventListener('reload', () => {
    sessionStorage.setItem(key, JSON.stringify([window.scrollX, window.scrollY]));
    location.reload();
  });
  events.addEventListener('problems', (event) => show(JSON.parse(event.data)));
  events.addEventListener('ok', hide);
})();
