import { useApi } from '../analyst/useApi';
import { overviewSchema } from '../../contracts/overview';
import { call } from './api';
import type { Translate } from './strings';

export interface ViewProps {
  token: string;
  t: Translate;
  username: string;
}

const WARNINGS = { 'public-url-unset': 'warnPublicUrl', 'demo-accounts': 'warnDemo', 'initial-admin-password': 'warnAdminPassword' } as const;

export function OverviewView({ token, t }: ViewProps) {
  const { data, error } = useApi(() => call(token, '/api/overview', overviewSchema), 'overview');
  if (error) return <p className="error">{error}</p>;
  if (!data) return <p>…</p>;
  return (
    <section>
      {data.warnings.length > 0 && (
        <ul className="warnings" aria-label="warnings">
          {data.warnings.map((warning) => (
            <li key={warning} role="alert">
              {t(WARNINGS[warning as keyof typeof WARNINGS] ?? 'overview')}
            </li>
          ))}
        </ul>
      )}
      <div className="facts">
        <div>
          {t('instrument')}
          <strong>{data.instruments.map((instrument) => `${instrument.title} v${instrument.version}`).join('、')}</strong>
        </div>
        <div>
          {t('sites')}
          <strong>{data.sites}</strong>
        </div>
        <div>
          {t('interviewers')}
          <strong>{data.interviewers.active}</strong>
        </div>
        <div>
          {t('completes')}
          <strong>
            {data.completes} / {data.planned}
          </strong>
        </div>
        <div>
          {t('openLinks')}
          <strong>{data.openLinks}</strong>
        </div>
      </div>
      <h2>{t('lastSyncs')}</h2>
      <ul>
        {data.lastSyncs.map((sync) => (
          <li key={sync.username}>
            {sync.displayName || sync.username} · {new Date(sync.lastSyncAt).toLocaleString()}
          </li>
        ))}
      </ul>
    </section>
  );
}
