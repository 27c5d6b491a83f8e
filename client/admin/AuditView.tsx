import { useState } from 'react';
import { useApi } from '../analyst/useApi';
import { auditSchema, call } from './api';
import type { ViewProps } from './OverviewView';

const ACTIONS = ['user.created', 'user.updated', 'user.password-reset', 'user.disabled', 'user.deleted', 'sign-in-code.issued', 'sign-in-code.used', 'sign-in-code.revoked', 'link.issued', 'link.extended', 'link.revoked', 'frame.imported'];

export function AuditView({ token, t }: ViewProps) {
  const [filters, setFilters] = useState({ action: '', actor: '', from: '', to: '' });
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value));
  const { data, error } = useApi(() => call(token, `/api/audit?${query}`, auditSchema), `audit-${query}`);
  const show = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));
  return (
    <section>
      <div className="panel row-form">
        <label>
          {t('action')}
          <select name="action" value={filters.action} onChange={(event) => setFilters({ ...filters, action: event.target.value })}>
            <option value="">{t('all')}</option>
            {ACTIONS.map((action) => (
              <option key={action}>{action}</option>
            ))}
          </select>
        </label>
        <label>
          {t('actor')}
          <input name="actor" value={filters.actor} onChange={(event) => setFilters({ ...filters, actor: event.target.value })} />
        </label>
        <label>
          {t('time')}
          <input type="date" value={filters.from} onChange={(event) => setFilters({ ...filters, from: event.target.value })} />
        </label>
        <label>
          —
          <input type="date" value={filters.to} onChange={(event) => setFilters({ ...filters, to: event.target.value })} />
        </label>
        <a href={`/api/audit?${new URLSearchParams([...query, ['format', 'csv']])}`}>{t('download')}</a>
      </div>
      {error && <p className="errors">{error}</p>}
      <table className="list" aria-label={t('audit')}>
        <thead>
          <tr>
            <th>{t('time')}</th>
            <th>{t('actor')}</th>
            <th>{t('action')}</th>
            <th>{t('target')}</th>
            <th>{t('change')}</th>
          </tr>
        </thead>
        <tbody>
          {(data ?? []).map((entry, index) => (
            <tr key={`${entry.at}-${index}`}>
              <td>{new Date(entry.at).toLocaleString()}</td>
              <td>{entry.actor}</td>
              <td>{entry.action}</td>
              <td>{entry.target}</td>
              <td>
                <code>{show(entry.before)}</code> → <code>{show(entry.after)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
