import { describe, expect, it } from 'vitest';
import { describeRegistry } from '../../../../analysis/indicators/description';
import { satisfactionAspectBars } from '../../../../analysis/indicators/families';
import { createLabeller } from '../../../../analysis/indicators/labels';
import { INDICATORS } from '../../../../analysis/indicators/registry';

// The report passes the registry itself, the console its description from GET /api/indicators.
const description = describeRegistry({ instruments: [], counties: [] });
const labels = createLabeller(description);

describe('satisfactionAspectBars', () => {
  it("lists each service's four aspects and then its overall satisfaction, named service · aspect", () => {
    const bars = satisfactionAspectBars(INDICATORS, labels);
    expect(bars.map((bar) => bar.indicator)).toEqual(['bphs', 'fp'].flatMap((service) => [...['attitude', 'convenience', 'timeliness', 'quality'].map((aspect) => `satisfaction.${service}.${aspect}`), `satisfaction.${service}`]));
    expect(bars[0]!.label).toEqual({ 'zh-cn': '基本公共卫生服务 · 服务态度', en: 'Basic public health services · Staff attitude' });
    expect(bars[4]!.label).toEqual({ 'zh-cn': '基本公共卫生服务 · 总体', en: 'Basic public health services · Overall' });
  });

  it('gives the same bars from the registry (the report) and from its description (the console)', () => {
    expect(satisfactionAspectBars(description.indicators, labels)).toEqual(satisfactionAspectBars(INDICATORS, labels));
  });
});
