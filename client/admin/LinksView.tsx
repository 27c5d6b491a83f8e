import { useState } from 'react';
import { z } from 'zod';
import { useApi } from '../analyst/useApi';
import { allSitesReplySchema, linkViewSchema, type LinkView } from '../../contracts/links';
import { overviewSchema } from '../../contracts/overview';
import { DEFAULT_INSTRUMENT } from '../../contracts/instruments';
import { call } from './api';
import { useSites } from './useSites';
import type { ViewProps } from './OverviewView';
import { ListHead } from './ListHead';
import { useActions } from './useActions';

const DAY_MS = 24 * 3600_000;

export function LinksView({ token, t }: ViewProps) {
  const { version, error, run } = useActions();
  const links = useApi(() => call(token, '/api/links', z.array(linkViewSchema)), `links-${version}`).data ?? [];
  const sites = useSites(token, 'links');
  const overview = useApi(() => call(token, '/api/overview', overviewSchema), 'links-overview').data;
  const [message, setMessage] = useState<string>();
  const statusOf = (link: LinkView) => (link.revoked ? t('revoked') : Date.parse(link.expiresAt) <= Date.now() ? t('expired') : t('open'));
  // Which questionnaire new links open: the main survey unless the manager picks another published one.
  const published = overview?.instruments ?? [];
  const [chosen, setChosen] = useState<string>();
  const instrumentId = chosen ?? published.find((instrument) => instrument.id === DEFAULT_INSTRUMENT)?.id ?? published[0]?.id ?? DEFAULT_INSTRUMENT;
  const titleOf = (id: string) => published.find((instrument) => instrument.id === id)?.title ?? id;
  return (
    <section>
      {overview && overview.publicUrl === null && (
        <p className="warnings" role="alert">
          ⚠ {t('warnPublicUrl')}
        </p>
      )}
      <div className="panel row-form">
        <label>
          {t('linkInstrument')}{' '}
          <select value={instrumentId} onChange={(event) => setChosen(event.target.value)}>
            {published.map((instrument) => (
              <option key={instrument.id} value={instrument.id}>
                {instrument.title}（{instrument.id} v{instrument.version}）
              </option>
            ))}
          </select>
        </label>
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
        <ListHead t={t} columns={['siteCode', 'siteName', 'instruments', 'county', 'url', 'responses', 'cap', 'expires', 'status']} actions />
        <tbody>
          {links.map((link) => (
            <tr key={link.id}>
              <td>{link.samplingPoint}</td>
              <td>{sites.get(link.samplingPoint)?.siteName}</td>
              <td title={link.instrumentId}>{titleOf(link.instrumentId)}</td>
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
