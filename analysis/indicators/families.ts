/**
 * Indicators that belong together in tables and charts, their names, and the bars of the charts that the
 * console and the report both draw. Apart from the registry so a browser can take them without it.
 */
import type { Label } from '../domain/label';
import { SATISFACTION_ASPECT_LABELS } from '../domain/satisfaction';
import type { Labeller } from './labels';
import type { IndicatorEstimate } from './psuSums';

/** Indicators that belong together in tables and charts (awareness by service, satisfaction by aspect …). */
export const INDICATOR_FAMILIES = ['awareness', 'awareness-service', 'literacy', 'literacy-dimension', 'literacy-area', 'satisfaction', 'satisfaction-aspect', 'use'] as const;
export type IndicatorFamily = (typeof INDICATOR_FAMILIES)[number];

/** A family's name: the title of its detail sheet in the workbook, and of its chart in the console and the report. */
export const INDICATOR_FAMILY_LABELS: Record<IndicatorFamily, Label> = {
  awareness: { 'zh-cn': '知晓率', en: 'Awareness' },
  'awareness-service': { 'zh-cn': '各项服务知晓率', en: 'Awareness by service' },
  literacy: { 'zh-cn': '健康素养水平', en: 'Health literacy' },
  'literacy-dimension': { 'zh-cn': '健康素养（三个方面）', en: 'Health literacy by dimension' },
  'literacy-area': { 'zh-cn': '健康素养（六类问题）', en: 'Health literacy by problem area' },
  satisfaction: { 'zh-cn': '满意度', en: 'Satisfaction' },
  'satisfaction-aspect': { 'zh-cn': '分方面满意度', en: 'Satisfaction by aspect' },
  use: { 'zh-cn': '服务利用', en: 'Service use' },
};

/** One bar as the console (SVG) and the report (PNG) draw it: its name, an estimate row's figures, null where there are none. */
export type ChartBar = { label: string } & Pick<IndicatorEstimate, 'estimate' | 'ciLow' | 'ciHigh' | 'target'>;

/** The bar of an estimate row (a row the selection lacks: an empty bar under its name). */
export const barOf = (row: Pick<IndicatorEstimate, 'estimate' | 'ciLow' | 'ciHigh' | 'target'> | undefined, label: string): ChartBar => ({ label, estimate: row?.estimate ?? null, ciLow: row?.ciLow ?? null, ciHigh: row?.ciHigh ?? null, target: row?.target ?? null });

/** One bar of a chart before its estimate is looked up: the indicator it shows and its name. */
export interface NamedBar {
  indicator: string;
  label: Label;
}

/**
 * The bars of the satisfaction-by-aspect chart (the console's and the report's): each service's aspects,
 * then its overall satisfaction (the service's indicator itself), each named "service · aspect".
 */
export function satisfactionAspectBars(indicators: readonly { id: string; family: string; parent?: string }[], labels: Labeller): NamedBar[] {
  return indicators
    .filter((indicator) => indicator.family === 'satisfaction')
    .flatMap((service) => {
      const name = labels.shortIndicator(service.id);
      const parts = indicators.filter((indicator) => indicator.parent === service.id).map((aspect) => ({ id: aspect.id, aspect: labels.shortIndicator(aspect.id) }));
      return [...parts, { id: service.id, aspect: SATISFACTION_ASPECT_LABELS.overall }].map(({ id, aspect }) => ({
        indicator: id,
        label: { 'zh-cn': `${name['zh-cn']} · ${aspect['zh-cn']}`, en: `${name.en} · ${aspect.en}` },
      }));
    });
}
