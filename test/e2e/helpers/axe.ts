import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Axe from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The rules of WCAG 2.1 levels A and AA, the level the respondent page promises. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One failed rule, short enough to read in a test failure: what is wrong, where, and the fix axe suggests. */
export interface AxeViolation {
  rule: string;
  impact: string;
  help: string;
  nodes: { target: string; fix: string }[];
}

/**
 * Runs axe-core in the page as it is now (injected once per document) and returns its WCAG 2.1 AA
 * violations, plus the text whose contrast axe could not measure (it reports those as "incomplete", not
 * as violations: SurveyJS painting its background on a pseudo-element hid every text of the survey from
 * the contrast check). An empty input has no text to measure and is left out.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol rather than added as a <script>: the page's Content-Security-Policy
  // (script-src 'self') rightly refuses inline scripts, and the test must not weaken it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const { violations, incomplete } = await page.evaluate(async (tags) => {
    const { axe } = window as unknown as { axe: typeof Axe };
    return axe.run(document, { runOnly: { type: 'tag', values: tags } });
  }, WCAG_21_AA);
  const unmeasured = incomplete
    .filter((result) => result.id === 'color-contrast')
    .map((result) => ({ ...result, id: 'color-contrast (not measurable)', nodes: result.nodes.filter((node) => !node.any.some((check) => (check.data as { messageKey?: string } | null)?.messageKey === 'emptyValue')) }))
    .filter((result) => result.nodes.length > 0);
  return [...violations, ...unmeasured].map((violation) => ({
    rule: violation.id,
    impact: violation.impact ?? 'unknown',
    help: `${violation.help} (${violation.helpUrl})`,
    nodes: violation.nodes.map((node) => ({ target: node.target.join(' '), fix: node.failureSummary ?? node.any.map((check) => check.message).join('; ') })),
  }));
}
