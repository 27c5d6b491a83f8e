import { describe, expect, it } from 'vitest';
import { composeInstrument, readModules, type AnswerShape, type InstrumentVersion } from '../../../surveys/catalog';
import { answerShapeOf, checkInstrument } from '../../../surveys/check';

const t = (zh: string, en: string) => ({ 'zh-cn': zh, en });
const choice = (value: string) => ({ value, text: t(value, value) });
const version = (modules: string[]): InstrumentVersion => ({ id: 'test', version: 1, title: t('测试', 'Test'), modules, keys: ['quiz'], published: false });

describe('checkInstrument on a broken instrument', () => {
  const instrument = version(['screening', 'quiz']);
  const modules = [
    {
      file: 'surveys/test/screening.json',
      json: {
        pages: [
          {
            name: 'screening',
            elements: [
              { type: 'radiogroup', name: 'consent', title: '同意吗？', choices: [choice('yes'), 'no'] },
              { type: 'text', name: 'months_here', title: { 'zh-cn': '几个月？' }, colour: 'red' },
            ],
          },
        ],
      },
    },
    {
      file: 'surveys/test/quiz.json',
      json: {
        pages: [
          {
            name: 'quiz',
            elements: [
              { type: 'radiogroup', name: 'aw_heard', title: t('听说过吗？', 'Heard of it?'), choices: [choice('yes'), choice('no')] },
              { type: 'radiogroup', name: 'aw_records_content', title: t('内容？', 'Content?'), service: 'records', aspect: 'content', isRequired: true, choices: [choice('a'), choice('b'), choice('dk')] },
              { type: 'radiogroup', name: 'aw_records_frequency', title: t('频次？', 'How often?'), service: 'records', aspect: 'frequency', choices: [choice('a'), choice('b')], correctAnswer: 'a' },
              { type: 'radiogroup', name: 'aw_records_target', title: t('对象？', 'Who?'), service: 'records', aspect: 'audience', isRequired: true, choices: [choice('a'), choice('dk')] },
              { type: 'radiogroup', name: 'months_here', title: t('重复', 'Duplicate'), choices: [choice('a')] },
              { type: 'radiogroup', name: 'lit_01', title: t('判断', 'True?'), dimension: 'skills', isRequired: true, choices: [choice('true'), choice('false'), choice('dk')] },
            ],
          },
        ],
      },
    },
  ];
  const keys = [
    {
      file: 'surveys/test/keys/quiz.json',
      key: {
        aw_records_content: { correct: 'c', points: 1 },
        aw_records_target: { correct: 'a', points: 2 },
        aw_ghost_content: { correct: 'a', points: 1 },
        lit_01: { correct: 'true', points: 1 },
      },
    },
  ];
  const problems = checkInstrument({ instrument, modules, keys });
  const lines = problems.map(({ file, question, message }) => `${file}: ${question ?? '-'}: ${message}`);

  it.each([
    ['a first module without the eligibility it gates on', 'surveys/test/screening.json: -: the first module must calculate "eligible" (calculatedValues): the pages of every later module are shown only when it is true'],
    ['a plain-string title', 'surveys/test/screening.json: consent: "title" is a plain string; give {"zh-cn": …, "en": …}'],
    ['a choice without words', 'surveys/test/screening.json: consent: choice "no" has no text; write {"value": …, "text": {"zh-cn": …, "en": …}}'],
    ['a missing English text', 'surveys/test/screening.json: months_here: "title" has no en text'],
    ['a name used twice', 'surveys/test/quiz.json: months_here: name already used in surveys/test/screening.json'],
    ['an unknown property', "surveys/test/screening.json: months_here: survey-core cannot load it: Unknown property in class 'text': 'colour'."],
    ['an answer in the served JSON', 'surveys/test/quiz.json: aw_records_frequency: served JSON holds "correctAnswer"; answers belong in surveys/keys/'],
    ['a tag value outside the domain', 'surveys/test/quiz.json: aw_records_target: aspect "audience" is not one of content, frequency, target, attitude, convenience, timeliness, quality, overall'],
    ['a keyed question without "don\'t know"', 'surveys/test/quiz.json: aw_records_frequency: keyed question must offer "don\'t know" (value "dk", or the none item of a checkbox)'],
    ['a keyed question that may be skipped', 'surveys/test/quiz.json: aw_records_frequency: keyed question must be isRequired, so a complete interview answers it'],
    ['a keyed question without a key', 'surveys/test/quiz.json: aw_records_frequency: keyed question has no answer key entry'],
    ['a key value that is no choice', 'surveys/test/keys/quiz.json: aw_records_content: key value "c" is not a choice of the question (a, b, dk)'],
    ['a key entry for no question', 'surveys/test/keys/quiz.json: aw_ghost_content: key entry for a question that does not exist'],
    ['a literacy item missing tags', 'surveys/test/quiz.json: lit_01: literacy item without area and itemType tag'],
    ['a service with an aspect of the wrong family', 'surveys/test/quiz.json: aw_records_target: service "records" needs an aspect tag among content, frequency, target'],
    ['wrong points', 'surveys/test/keys/quiz.json: aw_records_target: worth 2 points; an awareness item is worth 1'],
    ['a service missing from the 12 × 3', 'surveys/test/quiz.json: aw_tb_target: awareness needs exactly one tb × target question, found 0'],
  ])('reports %s with file and question', (_what, line) => {
    expect(lines).toContain(line);
  });

  it('reports nothing twice', () => {
    expect(new Set(lines).size).toBe(lines.length);
  });
});

describe('checkInstrument on the framework modules of migrant-health v1', () => {
  it('finds nothing wrong in consent, profile, service use and satisfaction', () => {
    const instrument = { ...version(['consent', 'profile', 'service-use', 'satisfaction']), id: 'migrant-health', keys: [] };
    expect(checkInstrument({ instrument, modules: readModules(instrument), keys: [] })).toEqual([]);
  });
});

describe('checkInstrument on a published version', () => {
  const instrument = { ...version(['consent', 'profile', 'service-use', 'satisfaction']), id: 'migrant-health', keys: [], published: true };
  const modules = readModules(instrument);
  const json = composeInstrument(instrument, modules);
  const lines = (publishedShape?: AnswerShape) =>
    checkInstrument({ instrument, modules, keys: [], publishedShape }).map(({ file, question, message }) => `${file}: ${question ?? '-'}: ${message}`);

  it('accepts the shape it was frozen with', () => {
    expect(lines(answerShapeOf(json))).toEqual([]);
  });

  it('reports a renamed question, a changed choice value and a new question', () => {
    const frozen = answerShapeOf(json);
    const { sex, ...withoutSex } = frozen;
    const changed = { ...withoutSex, gender: sex!, ethnicity: { type: 'radiogroup', values: ['han', 'other'] } };
    const advice = 'a published version is frozen: make a new version (surveys/README.md, "Versions")';
    expect(lines(changed)).toEqual([
      `surveys/instruments/migrant-health/v1/profile.json: ethnicity: type or choice values changed from radiogroup [han, other]; ${advice}`,
      `surveys/published/migrant-health-v1.json: gender: question removed or renamed; ${advice}`,
      `surveys/instruments/migrant-health/v1/profile.json: sex: question added; ${advice}`,
    ]);
  });

  it('requires the frozen shape of a published version', () => {
    expect(lines(undefined)).toEqual(['surveys/published/migrant-health-v1.json: -: published version without its frozen shape; write it with npm run surveys:check -- --freeze']);
  });
});
