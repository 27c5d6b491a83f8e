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

/** Runs axe-core in the page as it is now (injected once per document) and returns its WCAG 2.1 AA violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async (tags) => {
    const { axe } = window as unknown as { axe: typeof Axe };
    return (await axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations;
  }, WCAG_21_AA);
  return violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact ?? 'unknown',
    help: `${violation.help} (${violation.helpUrl})`,
    nodes: violation.nodes.map((node) => ({ target: node.target.join(' '), fix: node.failureSummary ?? '' })),
  }));
}
