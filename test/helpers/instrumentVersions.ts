import type { AnswerKey, InstrumentJson, SurveyElementJson } from '../../analysis/scoring/instrumentJson';
import { questionsOf } from '../../analysis/scoring/instrumentJson';
import { shippedVersions } from '../../surveys/catalog';

/** The shipped migrant-health version whole: its composed JSON and merged key, as an upload sends them. */
export function shippedUpload(): { json: InstrumentJson; key: AnswerKey } {
  const shipped = shippedVersions().find((version) => version.id === 'migrant-health')!;
  return { json: structuredClone(shipped.json), key: structuredClone(shipped.key) };
}

export const ADDED_QUESTION = 'followup_note';
export const REWORDED_QUESTION = 'use_family_doctor';

export function questionOf(json: InstrumentJson, name: string): SurveyElementJson {
  const found = [...questionsOf(json)].find(({ element }) => element.name === name);
  if (!found) throw new Error(`no question ${name}`);
  return found.element;
}

/** A next version: the shipped one with one optional question added (last page) and one reworded. */
export function nextVersionUpload(): { json: InstrumentJson; key: AnswerKey } {
  const upload = shippedUpload();
  upload.json.pages.at(-1)!.elements!.push({ type: 'comment', name: ADDED_QUESTION, title: { 'zh-cn': '您对社区卫生服务还有什么建议？', en: 'Any suggestions for the community health services?' } });
  const reworded = questionOf(upload.json, REWORDED_QUESTION);
  reworded.title = { 'zh-cn': '您是否签约了家庭医生（家庭医生签约服务）？', en: 'Have you signed up with a family doctor (family doctor contract service)?' };
  return upload;
}
