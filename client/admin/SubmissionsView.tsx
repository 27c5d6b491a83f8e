import { useState } from 'react';
import { z } from 'zod';
import { MODES, RESPONSE_STATUSES } from '../../analysis/domain/profile';
import { QUALITY_FLAG_LABELS, QUALITY_FLAGS } from '../../analysis/quality/settings';
import { useApi } from '../analyst/useApi';
import type { Locale } from '../shared/locale';
import { instrumentListSchema } from '../../contracts/instruments';
import { listingSchema, REVIEW_STATES, reviewResultsSchema, type Listing, type ListingQuery } from '../../contracts/review';
import { siteProgressSchema } from '../../contracts/samplingPoints';
import { call, failureText } from './api';
import { NO_DECISION, ReviewStateFields } from './ReviewStateFields';
import { InterviewView } from './InterviewView';
import type { ViewProps } from './OverviewView';
import type { StringKey } from './strings';

export interface ReviewViewProps extends ViewProps {
  /** Analysts see everything an admin sees, without the actions that change a review. */
  readOnly: boolean;
  locale: Locale;
}

/** The listing's filters as the form holds them ('' for none), named as GET /api/responses' query names them. */
const EMPTY_FILTERS = { site: '', county: '', interviewer: '', mode: '', status: '', reviewState: '', flag: '', instrumentVersion: '', from: '', to: '' } satisfies Partial<Record<keyof ListingQuery, string>>;
type Filters = typeof EMPTY_FILTERS;
const PAGE_SIZE = 25;

/** The submissions table: filters with a count per value, server-side pages, bulk review, the filtered list as CSV, and one interview at a time. */
export function SubmissionsView(props: ReviewViewProps) {
  const { token, t, readOnly, locale } = props;
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [opened, setOpened] = useState<string>();
  const [reload, setReload] = useState(0);
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value));
  const listing = useApi(() => call(token, `/api/responses?${query}&page=${page}&pageSize=${PAGE_SIZE}`, listingSchema), `listing-${query}-${page}-${reload}`);
  const sites = useApi(() => call(token, '/api/sampling-points', z.array(siteProgressSchema)), 'review-sites').data ?? [];
  const instruments = useApi(() => call(token, '/api/instruments', instrumentListSchema), 'review-instruments').data ?? [];
  const counties = [...new Map(sites.map((site) => [site.countyCode, site.countyName ?? site.countyCode])).entries()];
  const change = (name: keyof Filters, value: string) => {
    setFilters({ ...filters, [name]: value });
    setPage(1);
    setSelected(new Set());
  };
  if (opened) {
    return <InterviewView {...props} id={opened} onBack={() => (setOpened(undefined), setReload(reload + 1))} />;
  }
  const data = listing.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const counted = (facet: keyof Listing['counts'], value: string) => (data ? ` (${data.counts[facet][value] ?? 0})` : '');
  const select = (name: keyof Filters, label: StringKey, options: readonly (readonly [string, string])[]) => (
    <label>
      {t(label)}
      <select name={name} value={filters[name]} onChange={(event) => change(name, event.target.value)}>
        <option value="">{t('all')}</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section aria-label={t('review')}>
      {readOnly && <p className="muted">{t('readOnly')}</p>}
      <div className="panel row-form" aria-label="filters">
        {select('site', 'sites', sites.map((site) => [site.siteCode, `${site.siteCode} ${site.siteName}`]))}
        {select('county', 'county', counties)}
        <label>
          {t('interviewer')}
          <input name="interviewer" value={filters.interviewer} onChange={(event) => change('interviewer', event.target.value.trim())} />
        </label>
        {select('mode', 'mode', MODES.map((mode) => [mode, `${t(`mode.${mode}`)}${counted('mode', mode)}`]))}
        {select('status', 'status', RESPONSE_STATUSES.map((status) => [status, `${t(`status.${status}`)}${counted('status', status)}`]))}
        {select('reviewState', 'reviewState', REVIEW_STATES.map((state) => [state, `${t(`state.${state}`)}${counted('reviewState', state)}`]))}
        {select('flag', 'flag', QUALITY_FLAGS.map((flag) => [flag, `${QUALITY_FLAG_LABELS[flag][locale]}${counted('flag', flag)}`]))}
        {select('instrumentVersion', 'instrumentVersion', instruments.map((instrument) => [String(instrument.version), `${instrument.id} v${instrument.version}`]))}
        <label>
          {t('from')}
          <input type="date" name="from" value={filters.from} onChange={(event) => change('from', event.target.value)} />
        </label>
        <label>
          {t('to')}
          <input type="date" name="to" value={filters.to} onChange={(event) => change('to', event.target.value)} />
        </label>
        <a href={`/api/responses?${new URLSearchParams([...query, ['format', 'csv']])}`} download>
          {t('download')}
        </a>
      </div>
      {listing.error && <p className="errors">{listing.error}</p>}
      <p data-testid="matching">
        {t('matching')}：<strong>{data?.total ?? '…'}</strong>
      </p>
      {!readOnly && <BulkReview {...props} ids={[...selected]} onDone={() => (setSelected(new Set()), setReload(reload + 1))} />}
      <table className="list" aria-label={t('review')}>
        <thead>
          <tr>
            {!readOnly && (
              <th>
                <input type="checkbox" aria-label={t('selectAll')} checked={!!data && data.items.length > 0 && data.items.every((row) => selected.has(row.id))} onChange={(event) => setSelected(new Set(event.target.checked ? data?.items.map((row) => row.id) : []))} />
              </th>
            )}
            <th>id</th>
            <th>{t('sites')}</th>
            <th>{t('interviewer')}</th>
            <th>{t('received')}</th>
            <th>{t('duration')}</th>
            <th>{t('status')}</th>
            <th>{t('flags')}</th>
            <th>{t('reviewState')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data?.items.map((row) => (
            <tr key={row.id} data-testid="submission">
              {!readOnly && (
                <td>
                  <input
                    type="checkbox"
                    aria-label={row.id}
                    checked={selected.has(row.id)}
                    onChange={(event) => {
                      const next = new Set(selected);
                      if (event.target.checked) next.add(row.id);
                      else next.delete(row.id);
                      setSelected(next);
                    }}
                  />
                </td>
              )}
              <td>
                <code>{row.id.slice(0, 8)}</code>
              </td>
              <td>{row.siteCode}</td>
              <td>{row.interviewer ?? (row.linkId ? `QR ${row.linkId.slice(0, 8)}` : '')}</td>
              <td>{new Date(row.receivedAt).toLocaleString()}</td>
              <td>{row.paradata?.durationSeconds == null ? '—' : `${(row.paradata.durationSeconds / 60).toFixed(1)} ${t('minutes')}`}</td>
              <td>{t(`status.${row.status}` as StringKey)}</td>
              <td className="flag">{row.flags.map((flag) => QUALITY_FLAG_LABELS[flag as keyof typeof QUALITY_FLAG_LABELS]?.[locale] ?? flag).join('、')}</td>
              <td>{t(`state.${row.reviewState}`)}</td>
              <td>
                <button type="button" onClick={() => setOpened(row.id)}>
                  {t('viewInterview')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row-form">
        <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          {t('previousPage')}
        </button>
        <span>{t('pageOf', { page, of: pages })}</span>
        <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
          {t('nextPage')}
        </button>
      </div>
    </section>
  );
}

/** One state and one comment for every selected interview (POST /api/responses/review): all change, or none. */
function BulkReview({ token, t, ids, onDone }: ReviewViewProps & { ids: string[]; onDone(): void }) {
  const [decision, setDecision] = useState(NO_DECISION);
  const [error, setError] = useState<string>();
  if (ids.length === 0) return null;
  const apply = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await call(token, '/api/responses/review', reviewResultsSchema, 'POST', { ids, ...decision });
      setDecision({ ...decision, comment: '' });
      onDone();
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  return (
    <form className="panel row-form" aria-label="bulk review" onSubmit={apply}>
      <strong>{t('selected', { count: ids.length })}</strong>
      <ReviewStateFields t={t} decision={decision} onChange={setDecision} names={{ state: 'bulkState', comment: 'bulkComment' }} />
      <button type="submit">{t('apply')}</button>
      {error && <p className="errors">{error}</p>}
    </form>
  );
}
