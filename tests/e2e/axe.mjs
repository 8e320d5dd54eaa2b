// axe-core in a page served under the strict CSP: the source is evaluated through the
// DevTools protocol (page.evaluate), which the page's CSP does not govern, unlike an
// injected <script> tag.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let source;

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe on the page (or `selector`) and resolves with its violations, each as
 *  "rule-id: target, target (impact)" for a readable assertion message. */
export async function axeViolations(page, { selector = null, tags = WCAG_TAGS } = {}) {
  source ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(source);
  }
  const violations = await page.evaluate(
    async ({ selector, tags }) => {
      const result = await window.axe.run(selector ?? document, { runOnly: { type: 'tag', values: tags } });
      return result.violations.map(
        (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')} (${v.impact})`,
      );
    },
    { selector, tags },
  );
  return violations;
}
