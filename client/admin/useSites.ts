import { z } from 'zod';
import { useApi } from '../analyst/useApi';
import { siteProgressSchema, type SiteProgress } from '../../contracts/samplingPoints';
import { call } from './api';

/** The frame's sites by code, so a view that holds only site codes can show names (site, county). */
export function useSites(token: string, key: string): Map<string, SiteProgress> {
  const sites = useApi(() => call(token, '/api/sampling-points', z.array(siteProgressSchema)), `sites-${key}`).data ?? [];
  return new Map(sites.map((site) => [site.siteCode, site]));
}

/** A site code as people read it: 'KM-01 五华区红云社区' (the code alone for a site not in the frame). */
export const siteLabel = (sites: Map<string, SiteProgress>, code: string): string => [code, sites.get(code)?.siteName].filter(Boolean).join(' ');
