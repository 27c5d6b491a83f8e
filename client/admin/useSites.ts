import { z } from 'zod';
import { useApi } from '../analyst/useApi';
import { call, siteSchema, type Site } from './api';

/** The frame's sites by code, so a view that holds only site codes can show names (site, county). */
export function useSites(token: string, key: string): Map<string, Site> {
  const sites = useApi(() => call(token, '/api/sampling-points', z.array(siteSchema)), `sites-${key}`).data ?? [];
  return new Map(sites.map((site) => [site.siteCode, site]));
}

/** A site code as people read it: 'KM-01 五华区红云社区' (the code alone for a site not in the frame). */
export const siteLabel = (sites: Map<string, Site>, code: string): string => [code, sites.get(code)?.siteName].filter(Boolean).join(' ');
