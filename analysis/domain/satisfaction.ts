/** Satisfaction with services (indicators 3.3.1 and 3.3.2), asked only of those who used the service here. */
export const SATISFACTION_SERVICES = ['bphs', 'fp'] as const;
export type SatisfactionService = (typeof SATISFACTION_SERVICES)[number];

export const SATISFACTION_ASPECTS = ['attitude', 'convenience', 'timeliness', 'quality', 'overall'] as const;
export type SatisfactionAspect = (typeof SATISFACTION_ASPECTS)[number];

/** On the 5-point scale (1 very dissatisfied … 5 very satisfied), 4 and 5 count as satisfied. */
export const SATISFIED_AT_LEAST = 4;

export const SATISFACTION_SERVICE_LABELS: Record<SatisfactionService, { 'zh-cn': string; en: string }> = {
  bphs: { 'zh-cn': '基本公共卫生服务', en: 'Basic public health services' },
  fp: { 'zh-cn': '计划生育服务', en: 'Family-planning services' },
};

/** Short names of the aspects, for tables and charts (the questions themselves are in the instrument). */
export const SATISFACTION_ASPECT_LABELS: Record<SatisfactionAspect, { 'zh-cn': string; en: string }> = {
  attitude: { 'zh-cn': '服务态度', en: 'Staff attitude' },
  convenience: { 'zh-cn': '方便程度', en: 'Convenience' },
  timeliness: { 'zh-cn': '及时性', en: 'Timeliness' },
  quality: { 'zh-cn': '服务质量', en: 'Quality' },
  overall: { 'zh-cn': '总体', en: 'Overall' },
};
