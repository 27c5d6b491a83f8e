import { describe, expect, it } from 'vitest';
import { countyNameOverride, countyNamer, placeLine, placeNamesOf } from '../../../../analysis/domain/divisions';

describe('division names: GB/T 2260, and the frame’s own county names', () => {
  it('keeps a frame’s county name only where it differs from the standard’s', () => {
    expect(countyNameOverride('530102', '五华区')).toBeNull();
    expect(countyNameOverride('530102', '  ')).toBeNull();
    expect(countyNameOverride('530102', undefined)).toBeNull();
    expect(countyNameOverride('530102', ' 五华新区 ')).toBe('五华新区');
  });

  it('names a site’s province, city and county, the frame’s county name first', () => {
    expect(placeNamesOf({ provinceCode: '53', cityCode: '5301', countyCode: '530102' })).toEqual({ provinceName: '云南', cityName: '昆明市', countyName: '五华区' });
    expect(placeNamesOf({ provinceCode: '53', cityCode: '5301', countyCode: '530102', countyName: '五华新区' }).countyName).toBe('五华新区');
    expect(placeLine({ provinceCode: '53', cityCode: '5301', countyCode: '530102' })).toBe('云南 昆明市 五华区');
    expect(placeLine({ provinceCode: '11', cityCode: '1101', countyCode: '110101' })).toBe('北京 东城区');
  });

  it('names county codes with the first name the frame gives a county', () => {
    const name = countyNamer([
      { countyCode: '530102', countyName: null },
      { countyCode: '410105', countyName: '郑东新区' },
      { countyCode: '410105', countyName: '另一个名字' },
    ]);
    expect(name('530102')).toEqual({ 'zh-cn': '五华区', en: '五华区 (530102)' });
    expect(name('410105')['zh-cn']).toBe('郑东新区');
    expect(name('999999')['zh-cn']).toBe('999999');
  });
});
