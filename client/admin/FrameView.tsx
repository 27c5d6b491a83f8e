import { useState } from 'react';
import { z } from 'zod';
import { useApi } from '../analyst/useApi';
import { frameImportResultSchema, framePreviewSchema, siteProgressSchema, type FramePreview } from '../../contracts/samplingPoints';
import { call, failureText, uploadFile } from './api';
import type { ViewProps } from './OverviewView';
import { ListHead } from './ListHead';

export function FrameView({ token, t }: ViewProps) {
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<FramePreview>();
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const sites = useApi(() => call(token, '/api/sampling-points', z.array(siteProgressSchema)), `sites-${version}`).data ?? [];
  const run = async (action: () => Promise<void>) => {
    setError(undefined);
    setMessage(undefined);
    try {
      await action();
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  const previewFile = () => run(async () => setPreview(await uploadFile(token, '/api/sampling-points/import?preview=true', file!, framePreviewSchema)));
  const confirm = () =>
    run(async () => {
      const result = await uploadFile(token, `/api/sampling-points/import?confirm=${preview!.fingerprint}`, file!, frameImportResultSchema);
      setPreview(undefined);
      setMessage(`${t('imported')}: +${result.created}, ~${result.updated}, =${result.unchanged}`);
      setVersion((value) => value + 1);
    });
  return (
    <section>
      <div className="panel">
        <div className="row-form">
          <label>
            {t('upload')}
            <input type="file" name="frame" accept=".xlsx,.csv,text/csv" onChange={(event) => (setFile(event.target.files?.[0]), setPreview(undefined))} />
          </label>
          <button type="button" disabled={!file} onClick={() => void previewFile()}>
            {t('preview')}
          </button>
          <a href="/api/sampling-points/template.xlsx">{t('template')}</a>
          <a href="/api/sampling-points/frame.xlsx">{t('downloadFrame')}</a>
        </div>
        {error && <pre className="errors" role="alert">{error}</pre>}
        {message && <p role="status">{message}</p>}
      </div>
      {preview && (
        <div className="panel" aria-label="preview">
          <h3>
            {t('newSites')} ({preview.created.length})
          </h3>
          <ul>
            {preview.created.map((site) => (
              <li key={site.siteCode}>
                {site.siteCode} {site.siteName} · {site.countyName}
              </li>
            ))}
          </ul>
          <h3>
            {t('changedSites')} ({preview.changed.length})
          </h3>
          <ul>
            {preview.changed.map((site) => (
              <li key={site.siteCode}>
                {site.siteCode} {site.siteName}:{' '}
                {site.changes.map((change) => `${change.field} ${String(change.before)} → ${String(change.after)}`).join('; ')}
                {site.changesWeights && (
                  <span className="flag">
                    {' '}
                    ⚠ {t('changesWeights')} ({site.interviews})
                  </span>
                )}
              </li>
            ))}
          </ul>
          <p>
            {t('unchangedSites')}: {preview.unchanged.length}
          </p>
          <button type="button" onClick={() => void confirm()}>
            {t('confirm')}
          </button>
        </div>
      )}
      <table className="list">
        <ListHead t={t} columns={['siteCode', 'siteName', 'provinceCity', 'county', 'population', 'probability', 'planned']} />
        <tbody>
          {sites.map((site) => (
            <tr key={site.siteCode}>
              <td>{site.siteCode}</td>
              <td>{site.siteName}</td>
              <td>
                {site.provinceName} {site.cityName}
              </td>
              <td title={site.countyCode}>{site.countyName}</td>
              <td>{site.migrantPopulation}</td>
              <td>{site.selectionProbability}</td>
              <td>{site.plannedInterviews}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
