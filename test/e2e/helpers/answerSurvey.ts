import type { Locator, Page } from 'playwright-core';

/** A question's choices as the instrument JSON gives them: value → Chinese label (used to pick in dropdowns). */
export type ChoiceLabels = Map<string, Map<string, string>>;

/** Reads value → zh-cn label for every choice question of an instrument. */
export function choiceLabels(instrumentJson: { pages: unknown[] }): ChoiceLabels {
  const labels: ChoiceLabels = new Map();
  const visit = (element: unknown): void => {
    if (!element || typeof element !== 'object') return;
    const { name, choices, elements } = element as { name?: string; choices?: unknown[]; elements?: unknown[] };
    if (name && Array.isArray(choices)) {
      labels.set(
        name,
        new Map(
          choices.map((choice) => {
            if (typeof choice !== 'object' || choice === null) return [String(choice), String(choice)];
            const { value, text } = choice as { value: unknown; text?: string | Record<string, string> };
            return [String(value), typeof text === 'string' ? text : (text?.['zh-cn'] ?? String(value))];
          }),
        ),
      );
    }
    elements?.forEach(visit);
  };
  for (const page of instrumentJson.pages) visit(page);
  return labels;
}

/**
 * Answers, through the UI as an interviewer taps, every question on screen that `answers` has a value for,
 * page after page, until `stopAfter` answers (a half-done interview) or the last page, where it presses
 * the survey's complete button (which opens the app's review).
 */
export async function answerSurvey(page: Page, answers: Record<string, unknown>, labels: ChoiceLabels, options: { stopAfter?: number } = {}): Promise<number> {
  const answered = new Set<string>();
  for (;;) {
    for (;;) {
      const names = await page.locator('.sd-body .sd-question[data-name]').evaluateAll((elements) => elements.map((element) => (element as HTMLElement).dataset.name ?? ''));
      const pending = names.filter((name) => !answered.has(name) && answers[name] !== undefined);
      if (pending.length === 0) break;
      // One at a time: an answer can reveal or hide the questions after it.
      const name = pending[0]!;
      await answerQuestion(page, page.locator(`.sd-body .sd-question[data-name="${name}"]`), answers[name], labels.get(name));
      answered.add(name);
      if (options.stopAfter !== undefined && answered.size >= options.stopAfter) return answered.size;
    }
    const next = page.locator('.sd-navigation__next-btn');
    if (await next.isVisible()) {
      const title = await page.locator('.sd-page__title, .sd-body .sd-question').first().textContent();
      await next.click();
      await page.waitForFunction((previous) => document.querySelector('.sd-page__title, .sd-body .sd-question')?.textContent !== previous, title);
      continue;
    }
    await page.locator('.sd-navigation__complete-btn').click();
    return answered.size;
  }
}

async function answerQuestion(page: Page, question: Locator, value: unknown, labels: Map<string, string> | undefined): Promise<void> {
  if (await question.locator('.sd-dropdown').count()) {
    // SurveyJS's dropdown filters as one types; on a touch screen it opens a list to tap, elsewhere Enter takes the match.
    const label = labels?.get(String(value)) ?? String(value);
    await question.locator('.sd-dropdown').click();
    await page.keyboard.type(label);
    if (await page.locator('.sv-popup--menu-tablet').filter({ visible: true }).count()) {
      await page.getByRole('option', { name: label, exact: true }).filter({ visible: true }).first().click();
    } else {
      await page.keyboard.press('Enter');
    }
    return;
  }
  const choiceInputs = question.locator('input[type=radio], input[type=checkbox]');
  if (await choiceInputs.count()) {
    for (const choice of Array.isArray(value) ? value : [value]) {
      await question.locator('label').filter({ has: page.locator(`input[value="${String(choice)}"]`) }).first().click();
    }
    return;
  }
  const input = question.locator('input, textarea').first();
  await input.fill(String(value));
  await input.press('Tab');
}
