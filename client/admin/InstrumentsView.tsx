import QRCode from 'qrcode';
import { lazy, Suspense, useState } from 'react';
import { z } from 'zod';
import { useApi } from '../analyst/useApi';
import { LOCALE_NAMES, LOCALES, type Locale } from '../shared/locale';
import { DEFAULT_INSTRUMENT, instrumentMoveSchema, instrumentVersionSchema, uploadedDraftSchema, uploadPreviewSchema, type InstrumentChanges, type InstrumentVersionSummary } from '../../contracts/instruments';
import { testLinkReplySchema, type TestLinkReply } from '../../contracts/links';
import { call, failureText } from './api';
import type { ViewProps } from './OverviewView';
import type { StringKey } from './strings';
import { ListHead } from './ListHead';
import { useActions } from './useActions';

const InstrumentPreview = lazy(() => import('./InstrumentPreview').then((module) => ({ default: module.InstrumentPreview })));


/**
 * 问卷 Questionnaires: every instrument and version with its state; upload a new version (its JSON and its
 * answer-key file), checked and its changes shown before it is saved; preview any version; a draft's test
 * link QR; publish, retire, delete a draft.
 */
export function InstrumentsView({ token, t }: ViewProps) {
  const { version: reload, error, run, reread } = useActions();
  const versions = useApi(() => call(token, '/api/instruments', z.array(instrumentVersionSchema)), `instruments-${reload}`).data ?? [];
  const [previewing, setPreviewing] = useState<{ version: InstrumentVersionSummary; locale: Locale }>();
  const [testLink, setTestLink] = useState<{ version: InstrumentVersionSummary; link: TestLinkReply; qr: string }>();
  const path = (version: InstrumentVersionSummary, action = '') => `/api/instruments/${encodeURIComponent(version.id)}/versions/${version.version}${action}`;
  const move = (version: InstrumentVersionSummary, action: '/publish' | '/retire' | '', question: StringKey) => {
    if (!window.confirm(`${t(question)} ${version.id} v${version.version}?`)) return;
    void run(async () => {
      await call(token, path(version, action), instrumentMoveSchema, action ? 'POST' : 'DELETE');
      setTestLink(undefined);
    });
  };
  const openTestLink = (version: InstrumentVersionSummary) =>
    void run(async () => {
      const link = await call(token, path(version, '/test-link'), testLinkReplySchema, 'POST', {});
      setTestLink({ version, link, qr: await QRCode.toDataURL(link.shortUrl, { errorCorrectionLevel: 'M', margin: 2, width: 360 }) });
    });
  return (
    <section>
      <UploadPanel token={token} t={t} instruments={[...new Set(versions.map((version) => version.id))]} onSaved={reread} />
      {error && (
        <pre className="errors" role="alert">
          {error}
        </pre>
      )}
      <table className="list" aria-label={t('instruments')}>
        <ListHead t={t} columns={['instrumentId', 'versionNumber', 'instrumentTitle', 'status', 'publishedAt']} actions />
        <tbody>
          {versions.map((version) => (
            <tr key={`${version.id}@${version.version}`} data-version={`${version.id}@${version.version}`}>
              <td>{version.id}</td>
              <td>v{version.version}</td>
              <td>{version.title['zh-cn']}</td>
              <td>{t(`instrumentState.${version.state}`)}</td>
              <td>{version.publishedAt?.slice(0, 10) ?? '—'}</td>
              <td>
                <button type="button" onClick={() => setPreviewing({ version, locale: 'zh-cn' })}>
                  {t('previewVersion')}
                </button>
                {version.state === 'draft' && (
                  <>
                    <button type="button" onClick={() => openTestLink(version)}>
                      {t('testLink')}
                    </button>
                    <button type="button" onClick={() => move(version, '/publish', 'confirmPublish')}>
                      {t('publish')}
                    </button>
                    <button type="button" onClick={() => move(version, '', 'confirmDiscard')}>
                      {t('discardDraft')}
                    </button>
                  </>
                )}
                {version.state === 'published' && (
                  <button type="button" onClick={() => move(version, '/retire', 'confirmRetire')}>
                    {t('retire')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {testLink && (
        <div className="panel code-panel" aria-label={t('testLink')}>
          <h3>
            {t('testLink')} · {testLink.version.id} v{testLink.version.version}
          </h3>
          <p>{t('testLinkNote')}</p>
          <img src={testLink.qr} alt={testLink.link.shortUrl} width={240} height={240} />
          <p>
            <a href={testLink.link.shortUrl} target="_blank" rel="noreferrer" data-test-link>
              {testLink.link.shortUrl}
            </a>{' '}
            · {t('siteCode')} {testLink.link.samplingPoint} · {t('testResponses')} {testLink.link.testResponses}
          </p>
        </div>
      )}
      {previewing && (
        <div className="panel" aria-label={t('previewVersion')}>
          <h3>
            {t('previewVersion')} · {previewing.version.id} v{previewing.version.version}{' '}
            {LOCALES.map((locale) => (
              <button key={locale} type="button" aria-pressed={previewing.locale === locale} onClick={() => setPreviewing({ ...previewing, locale })}>
                {LOCALE_NAMES[locale]}
              </button>
            ))}
            <button type="button" onClick={() => setPreviewing(undefined)}>
              {t('close')}
            </button>
          </h3>
          <Suspense fallback={<p>…</p>}>
            <InstrumentPreview token={token} id={previewing.version.id} version={previewing.version.version} locale={previewing.locale} />
          </Suspense>
        </div>
      )}
    </section>
  );
}

/** Two files (the SurveyJS JSON and its answer key) checked by the server first: its problems, or its changes, then saved as a draft. */
function UploadPanel({ token, t, instruments, onSaved }: Pick<ViewProps, 'token' | 't'> & { instruments: string[]; onSaved: () => void }) {
  const [id, setId] = useState(DEFAULT_INSTRUMENT);
  const [files, setFiles] = useState<{ json?: File; key?: File }>({});
  const [checked, setChecked] = useState<{ body: unknown; changes: InstrumentChanges }>();
  const [problems, setProblems] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const readBody = async () => {
    const parse = async (file: File | undefined, what: string) => {
      if (!file) return {};
      try {
        return JSON.parse(await file.text()) as unknown;
      } catch (error) {
        throw new Error(`${what} ${file.name}: ${(error as Error).message}`, { cause: error });
      }
    };
    return { json: await parse(files.json, t('instrumentJson')), key: await parse(files.key, t('answerKey')) };
  };
  const url = `/api/instruments/${encodeURIComponent(id.trim())}/versions`;
  const check = async () => {
    setProblems(undefined);
    setChecked(undefined);
    setSaved(undefined);
    try {
      const body = await readBody();
      const preview = await call(token, `${url}?preview=true`, uploadPreviewSchema, 'POST', body);
      setChecked({ body, changes: preview.changes });
    } catch (failure) {
      setProblems(failureText(failure));
    }
  };
  const save = async () => {
    if (!checked) return;
    try {
      const draft = await call(token, url, uploadedDraftSchema, 'POST', checked.body);
      setSaved(`${id} v${draft.version}: ${t('instrumentState.draft')}`);
      setChecked(undefined);
      onSaved();
    } catch (failure) {
      setProblems(failureText(failure));
    }
  };
  return (
    <div className="panel">
      <h3>{t('uploadVersion')}</h3>
      <div className="row-form">
        <label>
          {t('instrumentId')}{' '}
          <input list="instrument-ids" value={id} onChange={(event) => (setId(event.target.value), setChecked(undefined))} />
          <datalist id="instrument-ids">
            {instruments.map((instrument) => (
              <option key={instrument} value={instrument} />
            ))}
          </datalist>
        </label>
        <label>
          {t('instrumentJson')} <input type="file" accept=".json,application/json" data-file="json" onChange={(event) => (setFiles({ ...files, json: event.target.files?.[0] }), setChecked(undefined))} />
        </label>
        <label>
          {t('answerKey')} <input type="file" accept=".json,application/json" data-file="key" onChange={(event) => (setFiles({ ...files, key: event.target.files?.[0] }), setChecked(undefined))} />
        </label>
        <button type="button" disabled={!files.json} onClick={() => void check()}>
          {t('checkUpload')}
        </button>
        <button type="button" disabled={!checked} onClick={() => void save()}>
          {t('saveDraft')}
        </button>
      </div>
      {problems && (
        <pre className="errors" role="alert">
          {problems}
        </pre>
      )}
      {checked && <ChangesList t={t} changes={checked.changes} />}
      {saved && <p role="status">{saved}</p>}
    </div>
  );
}

function ChangesList({ t, changes }: Pick<ViewProps, 't'> & { changes: InstrumentChanges }) {
  const rows: [StringKey, string[]][] = [
    ['questionsAdded', changes.added],
    ['questionsRemoved', changes.removed],
    ['questionsReworded', changes.reworded],
    ['choicesChanged', changes.choicesChanged],
  ];
  return (
    <section className="changes" role="status" aria-label={t('changesAgainstPublished')}>
      <p>{t('checkPassed')}</p>
      <h4>{t('changesAgainstPublished')}</h4>
      <dl>
        {rows.map(([label, names]) => (
          <div key={label}>
            <dt>
              {t(label)} ({names.length})
            </dt>
            <dd>{names.join('、') || '—'}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
