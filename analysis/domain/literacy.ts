/** Health literacy monitoring (全国居民健康素养监测): item tags and scoring rules. */
export const LITERACY_DIMENSIONS = ['knowledge', 'lifestyle', 'skills'] as const;
export type LiteracyDimension = (typeof LITERACY_DIMENSIONS)[number];

export const LITERACY_AREAS = ['health-view', 'infectious', 'chronic', 'safety', 'medical', 'information'] as const;
export type LiteracyArea = (typeof LITERACY_AREAS)[number];

export const LITERACY_ITEM_TYPES = ['truefalse', 'single', 'multiple'] as const;
export type LiteracyItemType = (typeof LITERACY_ITEM_TYPES)[number];

/** Points an item is worth when exactly right; a multiple-choice item scores only when every option is right. */
export const POINTS_BY_ITEM_TYPE: Record<LiteracyItemType, number> = { truefalse: 1, single: 1, multiple: 2 };

/** Literate (具备健康素养): a (sub-)score at or above this share of its full marks. */
export const LITERACY_THRESHOLD = 0.8;

export const DIMENSION_LABELS: Record<LiteracyDimension, { 'zh-cn': string; en: string }> = {
  knowledge: { 'zh-cn': '基本知识和理念', en: 'Basic knowledge and concepts' },
  lifestyle: { 'zh-cn': '健康生活方式与行为', en: 'Healthy lifestyle and behaviour' },
  skills: { 'zh-cn': '基本技能', en: 'Basic skills' },
};

export const AREA_LABELS: Record<LiteracyArea, { 'zh-cn': string; en: string }> = {
  'health-view': { 'zh-cn': '科学健康观', en: 'Scientific view of health' },
  infectious: { 'zh-cn': '传染病防治', en: 'Infectious disease' },
  chronic: { 'zh-cn': '慢性病防治', en: 'Chronic disease' },
  safety: { 'zh-cn': '安全与急救', en: 'Safety and first aid' },
  medical: { 'zh-cn': '基本医疗', en: 'Basic medical care' },
  information: { 'zh-cn': '健康信息', en: 'Health information' },
};
