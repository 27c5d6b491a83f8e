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
export interface AnswerOptions {
  /** Stop after this many answers (a half-done interview). */
  stopAfter?: number;
  /** Called on every page once its questions are answered, before it is left. */
  onPage?(page: Page): Promise<void>;
}

export async function answerSurvey(page: Page, answers: Record<string, unknown>, labels: ChoiceLabels, options: AnswerOptions = {}): Promise<number> {
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
    await options.onPage?.(page);
    const next = page.locator('.sd-navigation__next-btn');
    if (await next.isVisible()) {
      const title = await page.locator('.sd-page__title, .sd-body .sd-question').first().textContent();
      await next.click();
      await page.waitForFunction(
        (previous) => document.querySelector('.sd-body .sd-question--error') !== null || document.querySelector('.sd-page__title, .sd-body .sd-question')?.textContent !== previous,
        title,
      );
      await failOnFlaggedQuestions(page, answers);
      continue;
    }
    await page.locator('.sd-navigation__complete-btn').click();
    await page.waitForFunction(() => document.querySelector('.sd-body .sd-question--error, [role="dialog"], .sd-completedpage') !== null);
    await failOnFlaggedQuestions(page, answers);
    return answered.size;
  }
}

async function answerQuestion(page: Page, question: Locator, value: unknown, labels: Map<string, string> | undefined): Promise<void> {
  if (await question.locator('.sd-dropdown').count()) {
    // The list opens as a popup: below the box with a mouse, as an overlay on a touch screen, a render
    // later either way. Tapping the option itself works in both and waits for it.
    const label = labels?.get(String(value)) ?? String(value);
    // Shown as text, or as the value of the box's search input while it has the focus.
    const shown = () => question.locator('.sd-dropdown').evaluate((box) => `${(box as HTMLElement).innerText} ${box.querySelector('input')?.value ?? ''}`);
    // A pick the reopened list swallowed is picked again, as an interviewer would, at most three times.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await question.locator('.sd-dropdown').click();
      await page.getByRole('option', { name: label, exact: true }).filter({ visible: true }).first().click();
      await closeReopenedList(page, 500);
      if (await holdsWithin(async () => (await shown()).includes(label))) return;
    }
    throw new Error(`the survey did not show ${label} as the answer to ${await question.getAttribute('data-name')}`);
  }
  const choiceInputs = question.locator('input[type=radio], input[type=checkbox]');
  if (await choiceInputs.count()) {
    for (const choice of Array.isArray(value) ? value : [value]) {
      const inputSelector = `input[value="${String(choice)}"]`;
      await tapUntil(page, question.locator('label').filter({ has: page.locator(inputSelector) }).first(), () => question.locator(inputSelector).isChecked());
    }
    return;
  }
  const input = question.locator('input, textarea').first();
  await input.fill(String(value));
  await input.press('Tab');
}

/**
 * SurveyJS's touch list sometimes opens again just after an option was picked (seen in headless Chromium
 * under load), over the questions below, where it swallows the next tap. An interviewer closes it with its
 * cancel button, which keeps the answer, and taps again; so does the test.
 */
async function closeReopenedList(page: Page, quietMs: number): Promise<void> {
  const openList = page.locator('.sv-popup.sv-dropdown-popup').filter({ visible: true });
  for (let quiet = 0; quiet < quietMs; quiet += 50) {
    if (await openList.count()) {
      quiet = 0;
      await openList.locator('.sv-popup__button--cancel').click();
    } else {
      await page.waitForTimeout(50);
    }
  }
  if (await openList.count()) await openList.locator('.sv-popup__button--cancel').click();
}

async function tapUntil(page: Page, target: Locator, taken: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await closeReopenedList(page, 0);
    await target.click();
    if (await holdsWithin(taken)) return;
  }
  throw new Error(`three taps on ${target.toString()} did not answer the question`);
}

async function holdsWithin(check: () => Promise<boolean>, timeoutMs = 2_000): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (await check()) return true;
  }
  return false;
}

/** When SurveyJS refused to leave the page, fails naming the questions it flagged and what the test meant to answer there. */
async function failOnFlaggedQuestions(page: Page, answers: Record<string, unknown>): Promise<void> {
  const errors = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.sd-body .sd-question--error')].map((question) => [question.dataset.name ?? '', question.querySelector('.sd-question__erbox')?.textContent ?? '']),
  );
  if (errors.length === 0) return;
  await page.screenshot({ path: 'test-results/answer-survey-stuck.png', fullPage: true });
  const described = errors.map(([name, error]) => `${name} (meant to answer ${JSON.stringify(answers[name!])}): ${error}`);
  throw new Error(`the survey stayed on its page (test-results/answer-survey-stuck.png): ${described.join('; ')}`);
}
