/**
 * Provinces (GB/T 2260 two-digit codes) and the East / Central / West regions of China's health
 * statistics. A migrant's region is that of the province they live in now (流入地), which sets the
 * literacy target they are held to.
 */
export const REGIONS = ['East', 'Central', 'West'] as const;
export type Region = (typeof REGIONS)[number];

export interface Province {
  code: string;
  'zh-cn': string;
  en: string;
  region: Region;
}

export const PROVINCES: readonly Province[] = [
  { code: '11', 'zh-cn': '北京', en: 'Beijing', region: 'East' },
  { code: '12', 'zh-cn': '天津', en: 'Tianjin', region: 'East' },
  { code: '13', 'zh-cn': '河北', en: 'Hebei', region: 'East' },
  { code: '14', 'zh-cn': '山西', en: 'Shanxi', region: 'Central' },
  { code: '15', 'zh-cn': '内蒙古', en: 'Inner Mongolia', region: 'West' },
  { code: '21', 'zh-cn': '辽宁', en: 'Liaoning', region: 'East' },
  { code: '22', 'zh-cn': '吉林', en: 'Jilin', region: 'Central' },
  { code: '23', 'zh-cn': '黑龙江', en: 'Heilongjiang', region: 'Central' },
  { code: '31', 'zh-cn': '上海', en: 'Shanghai', region: 'East' },
  { code: '32', 'zh-cn': '江苏', en: 'Jiangsu', region: 'East' },
  { code: '33', 'zh-cn': '浙江', en: 'Zhejiang', region: 'East' },
  { code: '34', 'zh-cn': '安徽', en: 'Anhui', region: 'Central' },
  { code: '35', 'zh-cn': '福建', en: 'Fujian', region: 'East' },
  { code: '36', 'zh-cn': '江西', en: 'Jiangxi', region: 'Central' },
  { code: '37', 'zh-cn': '山东', en: 'Shandong', region: 'East' },
  { code: '41', 'zh-cn': '河南', en: 'Henan', region: 'Central' },
  { code: '42', 'zh-cn': '湖北', en: 'Hubei', region: 'Central' },
  { code: '43', 'zh-cn': '湖南', en: 'Hunan', region: 'Central' },
  { code: '44', 'zh-cn': '广东', en: 'Guangdong', region: 'East' },
  { code: '45', 'zh-cn': '广西', en: 'Guangxi', region: 'West' },
  { code: '46', 'zh-cn': '海南', en: 'Hainan', region: 'East' },
  { code: '50', 'zh-cn': '重庆', en: 'Chongqing', region: 'West' },
  { code: '51', 'zh-cn': '四川', en: 'Sichuan', region: 'West' },
  { code: '52', 'zh-cn': '贵州', en: 'Guizhou', region: 'West' },
  { code: '53', 'zh-cn': '云南', en: 'Yunnan', region: 'West' },
  { code: '54', 'zh-cn': '西藏', en: 'Tibet', region: 'West' },
  { code: '61', 'zh-cn': '陕西', en: 'Shaanxi', region: 'West' },
  { code: '62', 'zh-cn': '甘肃', en: 'Gansu', region: 'West' },
  { code: '63', 'zh-cn': '青海', en: 'Qinghai', region: 'West' },
  { code: '64', 'zh-cn': '宁夏', en: 'Ningxia', region: 'West' },
  { code: '65', 'zh-cn': '新疆', en: 'Xinjiang', region: 'West' },
];

const PROVINCE_BY_CODE = new Map(PROVINCES.map((province) => [province.code, province]));

/** The province of a GB/T 2260 code; city (4-digit) and county (6-digit) codes resolve to their province. */
export function provinceOf(code: string): Province | undefined {
  return PROVINCE_BY_CODE.get(code.slice(0, 2));
}

/** The region of a province, city or county code, or undefined for a code outside the 31 provinces. */
export function regionOf(code: string): Region | undefined {
  return provinceOf(code)?.region;
}

export const REGION_LABELS: Record<Region, { 'zh-cn': string; en: string }> = {
  East: { 'zh-cn': '东部', en: 'East' },
  Central: { 'zh-cn': '中部', en: 'Central' },
  West: { 'zh-cn': '西部', en: 'West' },
};
