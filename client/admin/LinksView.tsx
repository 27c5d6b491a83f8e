import { useState } from 'react';
import { z } from 'zod';
import { useApi } from '../analyst/useApi';
import { allSitesReplySchema, linkViewSchema, type LinkView } from '../../contracts/links';
import { overviewSchema } from '../../contracts/overview';
import { call, failureText } from './api';
import { useSites } from './useSites';
import type { ViewProps } from './OverviewView';

const DAY_MS = 24 * 3600_000;

export function LinksView({ token, t }: ViewProps) {
  const [version, setVersion] = useState(0);
  const links = useApi(() => call(token, '/api/links', z.array(linkViewSchema)), `links-${version}`).data ?? [];
  const sites = useSites(token, 'links');
  const overview = useApi(() => call(token, '/api/overview', overviewSchema), 'links-overview').data;
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const run = async (action: () => Promise<void>) => {
    setError(undefined);
    try {
      await action();
      setVersion((value) => value + 1);
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  const statusOf = (link: LinkView) => (link.revoked ? t('revoked') : Date.parse(link.expiresAt) <= Date.now() ? t('expired') : t('open'));
  const instrumentId = overview?.instruments[0]?.id ?? 'migrant-health';
  return (
    <section>
      {overview && overview.publicUrl === null && (
        <p className="warnings" role="alert">
          ⚠ {t('warnPublicUrl')}
        </p>
      )}
      <div className="panel row-form">
        <button
          type="button"
          onClick={() =>
            void run(async () => {
              const answer = await call(token, '/api/links/all-sites', allSitesReplySchema, 'POST', { instrumentId });
              setMessage(`+${answer.links.length} · ${answer.skipped.length} ${t('open')}`);
            })
          }
        >
          {t('issueAll')}
        </button>
        <a href="/api/links/posters.pdf">{t('posters')}</a>
        {message && <span role="status">{message}</span>}
      </div>
      {error && <pre className="errors" role="alert">{error}</pre>}
      <table className="list" aria-label={t('links')}>
        <thead>
          <tr>
            <th>{t('siteCode')}</th>
            <th>{t('siteName')}</th>
            <th>{t('county')}</th>
            <th>URL</th>
            <th>{t('responses')}</th>
            <th>{t('cap')}</th>
            <th>{t('expires')}</th>
            <th>{t('status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {links.map((link) => (
            <tr key={link.id}>
              <td>{link.samplingPoint}</td>
              <td>{sites.get(link.samplingPoint)?.siteName}</td>
              <td>{sites.get(link.samplingPoint)?.countyName}</td>
              <td>
                <code>{link.shortUrl}</code>
              </td>
              <td>{link.responseCount}</td>
              <td>{link.maxResponses ?? '—'}</td>
              <td>{link.expiresAt.slice(0, 10)}</td>
              <td>{statusOf(link)}</td>
              <td>
                {!link.revoked && (
                  <>
                    <button type="button" onClick={() => void run(async () => void (await call(token, `/api/links/${link.id}`, linkViewSchema, 'PATCH', { expiresAt: new Date(Math.max(Date.parse(link.expiresAt), Date.now()) + 30 * DAY_MS).toISOString() })))}>
                      {t('extend')}
                    </button>
                    <button
                      type="button"
                      onClick={() => {
                        const cap = window.prompt(t('cap'), String(link.maxResponses ?? ''));
                        if (cap !== null) void run(async () => void (await call(token, `/api/links/${link.id}`, linkViewSchema, 'PATCH', { maxResponses: cap.trim() ? Number(cap) : null })));
                      }}
                    >
                      {t('setCap')}
                    </button>
                    <button type="button" onClick={() => void run(async () => void (await call(token, `/api/links/${link.id}`, linkViewSchema, 'DELETE')))}>
                      {t('revoke')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
