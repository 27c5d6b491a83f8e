import { describe, expect, it } from 'vitest';
import { measurementGaps, measuringVersions, withNotMeasured } from '../../../../analysis/indicators/measurement';
import { INDICATORS, type MeasuringInstrument } from '../../../../analysis/indicators/registry';
import { questionsOf } from '../../../../analysis/scoring/instrumentJson';
import { getInstrument, getScoringPlan } from '../../../../surveys/catalog';

const shipped = (): MeasuringInstrument => ({
  plan: getScoringPlan('migrant-health', 1),
  questions: new Set([...questionsOf(getInstrument('migrant-health', 1)!.json)].map((located) => located.element.name!)),
});

/** The shipped version without its satisfaction ratings, health-record use question and TB awareness items. */
function trimmed(): MeasuringInstrument {
  const { plan, questions } = shipped();
  return {
    plan: { ...plan, awareness: plan.awareness.filter((item) => item.service !== 'tb'), satisfaction: { bphs: {}, fp: {} } },
    questions: new Set([...questions].filter((name) => name !== 'use_health_record')),
  };
}

describe('which versions measure which indicators', () => {
  it('the shipped version measures every indicator of the registry', () => {
    const measuring = measuringVersions([{ version: 1, instrument: shipped() }]);
    expect([...measuring.values()].every((versions) => versions.length === 1)).toBe(true);
    expect(measurementGaps(measuring, [1])).toEqual([]);
  });

  it('a version without some items does not measure their indicators; the gaps name the top of each family once', () => {
    const measuring = measuringVersions([{ version: 2, instrument: trimmed() }, { version: 1, instrument: shipped() }]);
    expect(measuring.get('satisfaction.bphs.quality')).toEqual([1]);
    expect(measuring.get('awareness.tb')).toEqual([1]);
    expect(measuring.get('awareness')).toEqual([1, 2]);
    expect(measuring.get('use.health-record')).toEqual([1]);
    expect(measuring.get('use.family-doctor')).toEqual([1, 2]);
    expect(measurementGaps(measuring, [1, 2])).toEqual([{ versions: [2], indicators: ['awareness.tb', 'satisfaction.bphs', 'satisfaction.fp', 'use.health-record'] }]);
  });

  it('an indicator no selected version asks gets one missing row (never 0) in registry order; measured ones keep the engine rows', () => {
    const measuring = measuringVersions([{ version: 2, instrument: trimmed() }]);
    const engine = [{ indicator: 'awareness', domain: null, estimate: 0.5, se: 0.1, ciLow: 0.3, ciHigh: 0.7, deff: 1, n: 10, df: 4, target: 0.9, status: 'not met' as const, difference: -0.4, pAboveTarget: 0.99, reliability: null }];
    const rows = withNotMeasured(engine, measuring);
    expect(rows[0]).toBe(engine[0]);
    const missing = rows.filter((row) => row.status === 'not-measured');
    expect(missing.map((row) => row.indicator)).toEqual(INDICATORS.filter((indicator) => measuring.get(indicator.id)!.length === 0).map((indicator) => indicator.id));
    expect(missing.find((row) => row.indicator === 'awareness.tb')).toMatchObject({ estimate: null, n: 0, target: 0.9, domain: null });
  });
});
