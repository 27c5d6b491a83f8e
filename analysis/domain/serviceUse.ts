import type { Label } from './label';

/**
 * Process indicators of section 2.1 that a survey can measure (`use.<code>` indicators). Each has its
 * own eligible population: a respondent outside it has no value (null), not a "no".
 */
export const SERVICE_USE_CODES = [
  'health-record',
  'health-education',
  'family-doctor',
  'vaccination-record',
  'child-check',
  'antenatal-check',
  'postpartum-visit',
  'elderly-check',
  'chronic-followup',
] as const;
export type ServiceUseCode = (typeof SERVICE_USE_CODES)[number];

export const SERVICE_USE_LABELS: Record<ServiceUseCode, Label & { population: Label }> = {
  'health-record': { 'zh-cn': '在本地建立居民健康档案', en: 'Health record established here', population: { 'zh-cn': '全部调查对象', en: 'all respondents' } },
  'health-education': { 'zh-cn': '近12个月接受过健康教育', en: 'Health education received in the last 12 months', population: { 'zh-cn': '全部调查对象', en: 'all respondents' } },
  'family-doctor': { 'zh-cn': '签约家庭医生', en: 'Family-doctor contract signed', population: { 'zh-cn': '全部调查对象', en: 'all respondents' } },
  'vaccination-record': { 'zh-cn': '子女预防接种证在本地建立或转入', en: "Child's vaccination record held here", population: { 'zh-cn': '有0-6岁子女在本地居住的调查对象', en: 'respondents with children aged 0-6 living here' } },
  'child-check': { 'zh-cn': '子女在本地接受儿童健康检查', en: 'Child health checks received here', population: { 'zh-cn': '有0-6岁子女在本地居住的调查对象', en: 'respondents with children aged 0-6 living here' } },
  'antenatal-check': { 'zh-cn': '孕期接受5次及以上产前检查', en: 'Five or more antenatal checks', population: { 'zh-cn': '近12个月内分娩的妇女', en: 'women who gave birth in the last 12 months' } },
  'postpartum-visit': { 'zh-cn': '产后接受访视', en: 'Postpartum home visit received', population: { 'zh-cn': '近12个月内分娩的妇女', en: 'women who gave birth in the last 12 months' } },
  'elderly-check': { 'zh-cn': '近12个月接受老年人健康体检', en: 'Elderly health check in the last 12 months', population: { 'zh-cn': '65岁及以上的调查对象', en: 'respondents aged 65 and over' } },
  'chronic-followup': { 'zh-cn': '高血压或糖尿病患者接受随访', en: 'Hypertension or diabetes follow-up received', population: { 'zh-cn': '确诊高血压或2型糖尿病的调查对象', en: 'respondents with diagnosed hypertension or type 2 diabetes' } },
};
