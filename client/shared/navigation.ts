import { BinaryOperand, ComputedUpdater, ConditionRunner, ConditionsParser, UnaryOperand, type Model, type Operand, type PageModel, type Question } from 'survey-core';

/**
 * What the survey can still show, given the answers so far. SurveyJS only knows the pages its logic shows
 * now: on a consent page every later page is hidden until consent is given, so SurveyJS calls consent the
 * last page and offers 提交问卷, and counts progress over the pages it shows now (0% → 50% → 6%). Here a
 * page is reachable when its conditions are true now or may become true through a question that can still
 * be answered (empty and itself reachable). A condition is read as SurveyJS reads it, with three values: an
 * `and`/`or`/`not` of parts, each part true, false, or open (it depends on an unanswered question, directly
 * or through a calculated value such as `eligible`). Answers only ever close parts, so over an interview
 * the reachable pages only shrink: progress over them never goes back while the interviewer moves forward.
 */

type Truth = boolean | undefined;
/** A page, panel or question: what reachability reads of each. */
type Element = { visibleIf?: string; visible: boolean; parent?: unknown };

const parsed = new Map<string, Operand | undefined>();
function parse(expression: string): Operand | undefined {
  if (!parsed.has(expression)) parsed.set(expression, new ConditionsParser().parseExpression(expression) ?? undefined);
  return parsed.get(expression);
}

/** A runner per condition part, so each is parsed once. */
const runners = new Map<string, ConditionRunner>();
function runnerOf(operand: Operand): ConditionRunner {
  const text = operand.toString();
  let runner = runners.get(text);
  if (!runner) runners.set(text, (runner = new ConditionRunner(text)));
  return runner;
}

function variablesOf(operand: Operand): string[] {
  const names: string[] = [];
  operand.setVariables(names);
  return names;
}

/** One reading of the survey's state: the questions still open and each element's reachability. */
class Outlook {
  private readonly memo = new Map<object, boolean>();
  private readonly context: ReturnType<Model['getValueGetterContext']>;
  private readonly properties: unknown;

  constructor(
    private readonly model: Model,
    private readonly open: ReadonlySet<string>,
  ) {
    this.context = model.getValueGetterContext();
    this.properties = model.getFilteredProperties();
  }

  /** Depends on an open question, itself or through calculated values. */
  private dependsOnOpen(name: string, seen = new Set<string>()): boolean {
    if (this.open.has(name)) return true;
    if (seen.has(name)) return false;
    seen.add(name);
    const calculated = this.model.calculatedValues.find((value) => value.name === name);
    const operand = calculated?.expression ? parse(calculated.expression) : undefined;
    return operand !== undefined && variablesOf(operand).some((variable) => this.dependsOnOpen(variable, seen));
  }

  private truthOf(operand: Operand): Truth {
    if (operand instanceof BinaryOperand && operand.isConjunction) {
      const left = this.truthOf(operand.leftOperand as Operand);
      const right = this.truthOf(operand.rightOperand as Operand);
      if (operand.conjunction === 'and') return left === false || right === false ? false : left && right ? true : undefined;
      return left === true || right === true ? true : left === false && right === false ? false : undefined;
    }
    if (operand instanceof UnaryOperand && operand.operator === 'negate') {
      const inner = this.truthOf(operand.expression);
      return inner === undefined ? undefined : !inner;
    }
    if (variablesOf(operand).some((name) => this.dependsOnOpen(name))) return undefined;
    return runnerOf(operand).runContext(this.context, this.properties as Record<string, unknown>);
  }

  /** May be shown: its own condition and those of the panels and page around it are not false. */
  reachable(element: Element): boolean {
    let known = this.memo.get(element);
    if (known === undefined) {
      known = this.ownCondition(element) && this.parentReachable(element);
      this.memo.set(element, known);
    }
    return known;
  }

  /** Its visibleIf, or (without one) its fixed `visible` flag. */
  private ownCondition(element: Element): boolean {
    const operand = element.visibleIf ? parse(element.visibleIf) : undefined;
    return operand ? this.truthOf(operand) !== false : element.visible;
  }

  private parentReachable(element: Element): boolean {
    const parent = (element as Question).parent as unknown as Element | null | undefined;
    return !parent || this.reachable(parent);
  }

  reachablePage(page: PageModel): boolean {
    return this.reachable(page) && page.elements.some((element) => this.reachableElement(element as unknown as Element));
  }

  private reachableElement(element: Element): boolean {
    const panel = element as unknown as { isPanel?: boolean; elements?: Element[] };
    if (!this.reachable(element)) return false;
    return panel.isPanel ? (panel.elements ?? []).some((inner) => this.reachableElement(inner)) : true;
  }
}

/**
 * The pages the survey shows now or may still show, in order. The open questions start as every empty
 * question and shrink to those that are themselves reachable, until nothing changes (a few rounds).
 */
export function reachablePages(model: Model): PageModel[] {
  const questions = model.getAllQuestions(false) as Question[];
  const empty = questions.filter((question) => question.isEmpty());
  let open = new Set(empty.map((question) => question.getValueName()));
  let outlook = new Outlook(model, open);
  for (let round = 0; round < 10; round += 1) {
    const next = new Set(empty.filter((question) => outlook.reachable(question as unknown as Element)).map((question) => question.getValueName()));
    if (next.size === open.size) break;
    open = next;
    outlook = new Outlook(model, open);
  }
  return model.pages.filter((page) => page === model.currentPage || outlook.reachablePage(page));
}

/** Whether some answer can still lead to a page after the current one. */
export function hasPageAfter(model: Model): boolean {
  const pages = reachablePages(model);
  const index = pages.indexOf(model.currentPage);
  return index >= 0 && index < pages.length - 1;
}

export interface SurveyProgress {
  /** The current page's number among the reachable pages, from 1. */
  page: number;
  /** How many pages are reachable. */
  of: number;
  /** Share of the reachable pages before the current one (100 once completed). */
  percent: number;
}

export function progressOf(model: Model): SurveyProgress {
  const pages = reachablePages(model);
  const index = Math.max(0, pages.indexOf(model.currentPage));
  const percent = model.state === 'completed' ? 100 : Math.round((100 * index) / pages.length);
  return { page: index + 1, of: pages.length, percent };
}

const MAY_CONTINUE = 'mayContinueAfterPage';

/**
 * Next on every page that has a page after it under some answer, complete only on the real last page.
 * Next on a page SurveyJS takes for the last one checks the page (so a missing required answer is flagged
 * there) and then goes on, or completes when the answers given close every later page after all.
 * Call `refreshNavigation` after setting the model's data in code (SurveyJS reports no change for that).
 */
export function navigateTruthfully(model: Model): void {
  const next = model.navigationBar.getActionById('sv-nav-next');
  const complete = model.navigationBar.getActionById('sv-nav-complete');
  const mayContinue = () => model.getPropertyValue(MAY_CONTINUE, false) === true;
  next.visible = new ComputedUpdater(() => model.isShowNextButton || (model.state === 'running' && model.isLastPage && mayContinue())) as unknown as boolean;
  complete.visible = new ComputedUpdater(() => model.isCompleteButtonVisible && !mayContinue()) as unknown as boolean;
  next.action = () => {
    if (!model.isLastPage) return model.nextPageUIClick();
    if (model.validateCurrentPage() !== false) return model.tryComplete();
    return false;
  };
  const refresh = () => refreshNavigation(model);
  model.onValueChanged.add(refresh);
  model.onCurrentPageChanged.add(refresh);
  refresh();
}

export function refreshNavigation(model: Model): void {
  model.setPropertyValue(MAY_CONTINUE, model.state === 'running' && hasPageAfter(model));
}
