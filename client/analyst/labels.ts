import { AREA_LABELS, DIMENSION_LABELS, type LiteracyArea, type LiteracyDimension } from '../../analysis/domain/literacy';
import { PROVINCES, REGION_LABELS, type Region } from '../../analysis/domain/regions';
import { SATISFACTION_ASPECT_LABELS, SATISFACTION_SERVICE_LABELS, type SatisfactionAspect, type SatisfactionService } from '../../analysis/domain/satisfaction';
import { SERVICE_LABELS, type ServiceCode } from '../../analysis/domain/services';
import { SERVICE_USE_LABELS, type ServiceUseCode } from '../../analysis/domain/serviceUse';

/** Indicator ids (`awareness.records`, `literacy.skills`, `use.child-check` …) in Chinese, from the domain's own labels. */
export function indicatorLabel(id: string): string {
  const [family, part] = id.split('.') as [string, string | undefined];
  if (family === 'awareness') return part ? `知晓率 · ${SERVICE_LABELS[part as ServiceCode]?.['zh-cn'] ?? part}` : '基本公共卫生服务知晓率';
  if (family === 'awareness-full') return '全部知晓率';
  if (family === 'literacy') {
    if (!part) return '健康素养水平';
    return `健康素养 · ${DIMENSION_LABELS[part as LiteracyDimension]?.['zh-cn'] ?? AREA_LABELS[part as LiteracyArea]?.['zh-cn'] ?? part}`;
  }
  if (family === 'satisfaction') {
    const aspect = id.split('.')[2] as SatisfactionAspect | undefined;
    const service = SATISFACTION_SERVICE_LABELS[part as SatisfactionService]?.['zh-cn'] ?? part;
    return `满意度 · ${service}${aspect ? ` · ${SATISFACTION_ASPECT_LABELS[aspect]?.['zh-cn'] ?? aspect}` : ''}`;
  }
  if (family === 'use') return SERVICE_USE_LABELS[part as ServiceUseCode]?.['zh-cn'] ?? id;
  return id;
}

const STATUS_LABELS: Record<string, string> = { met: '达标', 'not met': '未达标', inconclusive: '无法判定' };
export const statusLabel = (status: string | null): string => (status ? (STATUS_LABELS[status] ?? status) : '—');

/** A domain value in Chinese where the domain has a label (regions, provinces), as stored otherwise. */
export function domainLabel(domain: Record<string, string> | null): string {
  if (!domain) return '合计';
  return Object.entries(domain)
    .map(([variable, value]) => {
      if (variable === 'region') return REGION_LABELS[value as Region]?.['zh-cn'] ?? value;
      if (variable === 'province') return PROVINCES.find((province) => province.code === value)?.['zh-cn'] ?? value;
      return value;
    })
    .join(' × ');
}

export const BREAKDOWNS: { value: string; label: string }[] = [
  { value: '', label: '合计 Overall' },
  { value: 'region', label: '地区 Region' },
  { value: 'province', label: '省 Province' },
  { value: 'county', label: '县区 County' },
  { value: 'sex', label: '性别 Sex' },
  { value: 'ageGroup', label: '年龄组 Age group' },
  { value: 'education', label: '文化程度 Education' },
  { value: 'migrationScope', label: '流动范围 Migration scope' },
  { value: 'mode', label: '调查方式 Mode' },
];

export const percent = (value: number | null, digits = 1): string => (value === null ? '—' : `${(100 * value).toFixed(digits)}%`);
