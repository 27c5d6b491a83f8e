import { describe, expect, it } from 'vitest';
import { answerCell, codebookOf, valueLabeller } from '../../../../analysis/exports/codebook';
import { csvField, csvLine } from '../../../../analysis/exports/csv';
import { getInstrument } from '../../../../surveys/catalog';

describe('codebook from the instrument JSON', () => {
  const codebook = codebookOf(getInstrument('migrant-health', 1)!.json);
  const named = new Map(codebook.map((variable) => [variable.name, variable]));

  it('has every question once, with Chinese and English labels, and no panels or html blocks', () => {
    expect(new Set(codebook.map((variable) => variable.name)).size).toBe(codebook.length);
    expect(named.get('sex')).toMatchObject({ label: { 'zh-cn': '您的性别', en: 'Your sex' }, type: 'radiogroup', multiple: false, freeText: false });
    expect(named.get('sex')?.values).toEqual([
      { code: 'male', label: { 'zh-cn': '男', en: 'Male' } },
      { code: 'female', label: { 'zh-cn': '女', en: 'Female' } },
    ]);
    expect(codebook.some((variable) => variable.type === 'panel' || variable.type === 'html')).toBe(false);
    expect(codebook.filter((variable) => variable.name.startsWith('lit_'))).toHaveLength(58);
  });

  it('marks typed-in text as free text and numbers as not', () => {
    expect(named.get('current_city')?.freeText).toBe(true);
    expect(named.get('birth_year')).toMatchObject({ type: 'text:number', freeText: false });
  });

  it('a multiple choice offers its none item and exports its codes joined with ;', () => {
    const item = named.get('lit_08')!;
    expect(item.multiple).toBe(true);
    expect(item.values.at(-1)).toEqual({ code: 'none', label: { 'zh-cn': '不知道', en: "Don't know" } });
    expect(answerCell(item, ['a', 'c'])).toBe('a;c');
    expect(answerCell(item, undefined)).toBeNull();
  });

  it('rating scales carry their labelled points', () => {
    expect(named.get('sat_bphs_overall')?.values.map((value) => value.code)).toEqual(['1', '2', '3', '4', '5']);
  });
});

describe('CSV fields', () => {
  it('quotes commas, quotes and line breaks; leaves the rest alone', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField(null)).toBe('');
    expect(csvLine(['广州', 1, true])).toBe('广州,1,true\r\n');
  });

  it('valueLabeller names each code of a cell in one language; unlisted codes, numbers without values and empty cells stay', () => {
    const sex = codebookOf(getInstrument('migrant-health', 1)!.json).find((variable) => variable.name === 'sex')!;
    expect(valueLabeller(sex, 'zh')('male')).toBe('男');
    expect(valueLabeller(sex, 'en')('female')).toBe('Female');
    expect(valueLabeller(sex, 'zh')('unlisted')).toBe('unlisted');
    expect(valueLabeller(sex, 'zh')(null)).toBeNull();
    expect(valueLabeller(sex, 'zh')('')).toBe('');
    const several = { values: [{ code: 'a', label: { 'zh-cn': '甲', en: 'A' } }, { code: 'b', label: { 'zh-cn': '乙', en: 'B' } }] };
    expect(valueLabeller(several, 'zh')('a;b;c')).toBe('甲;乙;c');
    expect(valueLabeller({ values: [] }, 'zh')(12.5)).toBe(12.5);
  });
});
