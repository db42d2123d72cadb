// axe-core in a page, shared by the accessibility tests (a11y.test.js) and the tests of pages
// only a running service worker shows (offline.test.js).
//
// axe is injected with page.addScriptTag: the harness serves the portal with a plain static
// server that sends no Content-Security-Policy (csp.test.js is where the strict policy is
// tested), so nothing blocks the added script and the context needs no bypassCSP.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The rules checked: WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

/**
 * Runs axe on the page as it is now (only `options.rules`, when given); the violations with what
 * is needed to find and fix each.
 */
export async function violations(page, options = {}) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axeSource });
  return page.evaluate(
    async ({ tags, rules }) => {
      const result = await window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
        ...(rules ? { runOnly: { type: 'rule', values: rules } } : {}),
      });
      return result.violations.flatMap((v) =>
        v.nodes.map((node) => ({
          id: v.id,
          impact: v.impact,
          url: location.href,
          target: node.target.join(' '),
          summary: node.failureSummary?.split('\n').slice(1, 2).join('').trim(),
        })),
      );
    },
    { tags: TAGS, rules: options.rules },
  );
}

/** One line per violation: rule, impact, page (relative to `base`) and the element to look at. */
export function report(found, base) {
  return found
    .map((v) => `${v.id} (${v.impact}) ${v.url.replace(base, '/')} ${v.target}${v.summary ? ` — ${v.summary}` : ''}`)
    .join('\n');
}

/** Fails with every violation listed, or passes when there is none. */
export function assertNone(found, what, base) {
  if (found.length) assert.fail(`${what}: axe found ${found.length}:\n${report(found, base)}`);
}
