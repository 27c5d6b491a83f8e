/**
 * The 12 items of the national basic public health services (国家基本公共卫生服务规范 第三版).
 * The codes are the values of the `service` tag on awareness questions and the suffix of the
 * `awareness.<service>` indicators.
 */
export const SERVICE_CODES = [
  'records',
  'education',
  'vaccination',
  'child',
  'maternal',
  'elderly',
  'chronic',
  'mental',
  'tb',
  'tcm',
  'infectious',
  'supervision',
] as const;

export type ServiceCode = (typeof SERVICE_CODES)[number];

/** What an awareness question asks about its service. */
export const AWARENESS_ASPECTS = ['content', 'frequency', 'target'] as const;
export type AwarenessAspect = (typeof AWARENESS_ASPECTS)[number];

export const SERVICE_LABELS: Record<ServiceCode, { 'zh-cn': string; en: string }> = {
  records: { 'zh-cn': '居民健康档案管理', en: 'Health records' },
  education: { 'zh-cn': '健康教育', en: 'Health education' },
  vaccination: { 'zh-cn': '预防接种', en: 'Immunization' },
  child: { 'zh-cn': '0-6岁儿童健康管理', en: 'Child health (0-6 years)' },
  maternal: { 'zh-cn': '孕产妇健康管理', en: 'Maternal health' },
  elderly: { 'zh-cn': '老年人健康管理', en: 'Elderly health (65+)' },
  chronic: { 'zh-cn': '慢性病患者健康管理（高血压、2型糖尿病）', en: 'Hypertension and type 2 diabetes' },
  mental: { 'zh-cn': '严重精神障碍患者管理', en: 'Severe mental disorders' },
  tb: { 'zh-cn': '肺结核患者健康管理', en: 'Tuberculosis' },
  tcm: { 'zh-cn': '中医药健康管理', en: 'Traditional Chinese medicine' },
  infectious: { 'zh-cn': '传染病及突发公共卫生事件报告和处理', en: 'Infectious disease and emergency reporting' },
  supervision: { 'zh-cn': '卫生计生监督协管', en: 'Health supervision assistance' },
};
