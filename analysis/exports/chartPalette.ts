/**
 * The colours of the estimates charts, for the console's charts (SVG in the browser, downloaded as SVG/PNG)
 * and the evaluation report's (rasterized into the Word document): one picture of an estimate, its 95% CI and
 * its target wherever a director sees it. Dark enough to print in grey scale; the target red stands out in colour.
 */
export const CHART_PALETTE = {
  background: '#ffffff',
  /** The 0–100% gridlines. */
  grid: '#dddddd',
  text: '#222222',
  /** Tick labels and the legend. */
  secondaryText: '#555555',
  /** 无数据: a group without an estimate. */
  noData: '#888888',
  /** The bar from 0 to the estimate. */
  estimate: '#4f81bd',
  /** The 95% CI whiskers (and the console's point at the estimate). */
  interval: '#1f1f1f',
  /** The target's dashed mark. */
  target: '#c00000',
} as const;
