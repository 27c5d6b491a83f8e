import { createContext, useContext } from 'react';
import type { Label } from '../../analysis/domain/label';
import type { Labeller } from '../../analysis/indicators/labels';
import type { Registry } from './api';

/** The indicator registry (GET /api/indicators) and its labeller, loaded once by the console. */
export const RegistryContext = createContext<{ registry: Registry; labels: Labeller } | null>(null);

export function useRegistry(): { registry: Registry; labels: Labeller } {
  const value = useContext(RegistryContext);
  if (!value) throw new Error('useRegistry outside the console: the registry is loaded by <Console>');
  return value;
}

export const zh = (label: Label): string => label['zh-cn'];
/** "地区 Region": the console's bilingual headings. */
export const bilingual = (label: Label): string => (label['zh-cn'] === label.en ? label.en : `${label['zh-cn']} ${label.en}`);

export const percent = (value: number | null, digits = 1): string => (value === null ? '—' : `${(100 * value).toFixed(digits)}%`);
