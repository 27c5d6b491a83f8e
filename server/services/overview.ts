import type { Overview } from '../../contracts/overview';
import { DEFAULT_INSTRUMENT } from '../../surveys/catalog';
import type { Config } from '../config';
import { countOpenLinks } from '../queries/links';
import { interviewerSyncs } from '../queries/users';
import { responseCounts } from './analysisStore';
import { listInstrumentVersions } from './instrumentVersions';
import { samplingFrameOf } from './samplingFrame';
import { accountWarnings } from './users';
import type { ServerState } from '../state';

/** The survey at a glance and what the manager must act on before fieldwork. */
export async function overviewOf(state: ServerState, config: Config, now = new Date()): Promise<Overview> {
  const [sites, siteCounts, users, openLinks, accounts] = await Promise.all([
    samplingFrameOf(state),
    responseCounts(state, 'site', DEFAULT_INSTRUMENT),
    interviewerSyncs(state.connection),
    countOpenLinks(state.connection, now),
    accountWarnings(state.connection),
  ]);
  const warnings: Overview['warnings'] = [];
  if (!config.PUBLIC_URL) warnings.push('public-url-unset');
  if (accounts.demoAccounts > 0) warnings.push('demo-accounts');
  if (accounts.initialAdminPassword) warnings.push('initial-admin-password');
  return {
    publicUrl: config.PUBLIC_URL ?? null,
    instruments: listInstrumentVersions({ drafts: false }).filter((instrument) => instrument.state === 'published').map((instrument) => ({ id: instrument.id, version: instrument.version, title: instrument.title['zh-cn'] })),
    sites: sites.length,
    planned: sites.reduce((total, site) => total + site.plannedInterviews, 0),
    completes: [...siteCounts.values()].reduce((total, counts) => total + counts.complete, 0),
    interviewers: { total: users.length, active: users.filter((user) => user.active !== false).length },
    openLinks,
    lastSyncs: users
      .filter((user) => user.lastSyncAt)
      .map((user) => ({ username: user.username, displayName: user.displayName ?? '', lastSyncAt: user.lastSyncAt!.toISOString() }))
      .sort((a, b) => b.lastSyncAt.localeCompare(a.lastSyncAt))
      .slice(0, 10),
    warnings,
  };
}
