import QRCode from 'qrcode';
import { useState } from 'react';
import { z } from 'zod';
import { useApi } from '../analyst/useApi';
import { issuedSignInCodeSchema, ROLE_LABELS, userImportSchema, userUpdateSchema, userViewSchema, type IssuedSignInCode, type UserImport, type UserView } from '../../contracts/accounts';
import { call, uploadFile } from './api';
import type { ViewProps } from './OverviewView';
import { siteLabel, useSites } from './useSites';
import { ListHead } from './ListHead';
import { useActions } from './useActions';


export function PeopleView({ token, t, username: me }: ViewProps) {
  const { version, error, run } = useActions();
  const users = useApi(() => call(token, '/api/users', z.array(userViewSchema)), `users-${version}`).data ?? [];
  const sites = useSites(token, 'people');
  const [once, setOnce] = useState<string>();
  /** The code just issued, shown once, with its QR drawn as a data URL. */
  const [code, setCode] = useState<IssuedSignInCode & { qr: string }>();
  const [file, setFile] = useState<File>();
  const [imported, setImported] = useState<UserImport>();
  const [form, setForm] = useState({ username: '', displayName: '', role: 'interviewer', password: '', samplingPoints: '' });
  const patch = (user: UserView, body: object) => run(async () => {
    const answer = await call(token, `/api/users/${encodeURIComponent(user.username)}`, userUpdateSchema, 'PATCH', body);
    if (answer.password) setOnce(`${user.username}: ${answer.password}`);
  });
  const issueCode = (user: UserView) => run(async () => {
    const issued = await call(token, `/api/users/${encodeURIComponent(user.username)}/sign-in-code`, issuedSignInCodeSchema, 'POST', {});
    setCode({ ...issued, qr: await QRCode.toDataURL(issued.url, { errorCorrectionLevel: 'M', margin: 2, width: 440 }) });
  });
  return (
    <section>
      {error && <pre className="errors" role="alert">{error}</pre>}
      {once && (
        <p className="once" role="status">
          {t('shownOnce')} <code>{once}</code>
        </p>
      )}
      {code && (
        <div className="panel" aria-label={t('signInCode')}>
          <h3>
            {t('signInCode')} · {code.username}
          </h3>
          <img className="qr" src={code.qr} alt={code.url} />
          <p>
            <code data-testid="sign-in-code">{code.code}</code> · {t('expires')} {new Date(code.expiresAt).toLocaleString()}
          </p>
          <p className="muted" data-testid="sign-in-url">{code.url}</p>
          <button type="button" onClick={() => void run(async () => (await call(token, `/api/sign-in-codes/${code.id}`, z.unknown(), 'DELETE'), setCode(undefined)))}>
            {t('revoke')}
          </button>
        </div>
      )}
      <div className="panel">
        <h3>{t('create')}</h3>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void run(async () => {
              const samplingPoints = form.samplingPoints.split(/[;；、,，\s]+/).filter(Boolean);
              await call(token, '/api/users', z.unknown(), 'POST', { username: form.username, displayName: form.displayName, role: form.role, password: form.password, samplingPoints });
              setForm({ username: '', displayName: '', role: 'interviewer', password: '', samplingPoints: '' });
            });
          }}
        >
          <label>
            {t('username')}
            <input name="new-username" value={form.username} onChange={(event) => setForm({ ...form, username: event.target.value })} required />
          </label>
          <label>
            {t('displayName')}
            <input name="new-display-name" value={form.displayName} onChange={(event) => setForm({ ...form, displayName: event.target.value })} />
          </label>
          <label>
            {t('role')}
            <select name="new-role" value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value })}>
              {(['interviewer', 'analyst', 'admin'] as const).map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]['zh-cn']} {role}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('password')}
            <input name="new-password" type="password" value={form.password} onChange={(event) => setForm({ ...form, password: event.target.value })} required minLength={8} />
          </label>
          <label>
            {t('sites')}
            <input name="new-sites" value={form.samplingPoints} onChange={(event) => setForm({ ...form, samplingPoints: event.target.value })} placeholder="KM-01;KM-02" />
          </label>
          <button type="submit">{t('create')}</button>
        </form>
      </div>
      <div className="panel">
        <h3>{t('bulkImport')}</h3>
        <div className="row-form">
          <input type="file" name="accounts" accept=".xlsx,.csv,text/csv" onChange={(event) => (setFile(event.target.files?.[0]), setImported(undefined))} />
          <button type="button" disabled={!file} onClick={() => void run(async () => setImported(await uploadFile(token, '/api/users/import?preview=true', file!, userImportSchema)))}>
            {t('preview')}
          </button>
          {imported?.preview && (
            <button type="button" onClick={() => void run(async () => setImported(await uploadFile(token, '/api/users/import', file!, userImportSchema)))}>
              {t('confirm')}
            </button>
          )}
          <button type="button" onClick={() => void run(async () => void (await call(token, '/api/users/remove-demo', z.unknown(), 'POST')))}>
            {t('removeDemo')}
          </button>
        </div>
        {imported && (
          <ul aria-label="imported accounts">
            {imported.accounts.map((account) => (
              <li key={account.username}>
                {account.username} {account.displayName} · {t(account.role)} · {account.samplingPoints.map((code) => siteLabel(sites, code)).join('、')}
                {account.password && (
                  <span className="once">
                    {' '}
                    {t('shownOnce')} <code>{account.password}</code>
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      <table className="list" aria-label={t('people')}>
        <ListHead t={t} columns={['username', 'displayName', 'role', 'sites', 'active', 'lastSignIn', 'lastSync', 'interviews']} actions />
        <tbody>
          {users.map((user) => (
            <tr key={user.username} data-username={user.username}>
              <td>{user.username}</td>
              <td>{user.displayName}</td>
              <td>{t(user.role)}</td>
              <td>{user.samplingPoints.map((code) => siteLabel(sites, code)).join('、')}</td>
              <td>{user.active ? t('yes') : t('no')}</td>
              <td>{user.lastSignInAt ? new Date(user.lastSignInAt).toLocaleString() : '—'}</td>
              <td>{user.lastSyncAt ? new Date(user.lastSyncAt).toLocaleString() : '—'}</td>
              <td>{user.interviews}</td>
              <td>
                {user.username !== me && (
                  <>
                    <button type="button" onClick={() => void patch(user, { active: !user.active })}>
                      {user.active ? t('disable') : t('enable')}
                    </button>
                    <button type="button" onClick={() => void run(async () => void (await call(token, `/api/users/${encodeURIComponent(user.username)}`, z.unknown(), 'DELETE')))}>
                      {t('remove')}
                    </button>
                  </>
                )}
                <button type="button" onClick={() => void patch(user, { resetPassword: true })}>
                  {t('resetPassword')}
                </button>
                {user.role === 'interviewer' && user.active && (
                  <button type="button" onClick={() => void issueCode(user)}>
                    {t('signInCode')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
