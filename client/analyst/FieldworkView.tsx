import { useState } from 'react';
import { RESPONSE_STATUS_LABELS, type ResponseStatus } from '../../analysis/domain/profile';
import { QUALITY_FLAG_LABELS } from '../../analysis/quality/settings';
import { flagTallySchema, type FlagCounts } from '../../contracts/quality';
import { call } from '../admin/api';
import { fetchFieldwork, type StatusCounts } from './api';
import { bilingual, useRegistry, zh } from './labels';
import { useApi } from './useApi';

const minutes = (seconds: number | null) => (seconds === null ? '—' : `${(seconds / 60).toFixed(1)} 分钟`);

/** The outcomes in the order of the columns: complete, partial, refused, ineligible. */
const COUNTED: readonly ResponseStatus[] = ['complete', 'partial', 'refused', 'ineligible'];

function CountCells({ counts }: { counts: StatusCounts }) {
  return (
    <>
      {COUNTED.map((status) => (
        <td key={status}>{counts[status]}</td>
      ))}
    </>
  );
}

const COUNT_HEADERS = (
  <>
    {COUNTED.map((status) => (
      <th key={status}>{bilingual(RESPONSE_STATUS_LABELS[status])}</th>
    ))}
  </>
);

/** Flagged interviews of a site or interviewer, and how many carry each flag. */
function FlagCell({ tally }: { tally: FlagCounts | undefined }) {
  if (!tally || tally.flagged === 0) return <td data-testid="flag-cell">0</td>;
  const kinds = Object.entries(tally.flags).map(([flag, count]) => `${QUALITY_FLAG_LABELS[flag as keyof typeof QUALITY_FLAG_LABELS]?.['zh-cn'] ?? flag} ${count}`);
  return (
    <td className="flag" data-testid="flag-cell" title={kinds.join('；')}>
      {tally.flagged} / {tally.interviews}（{kinds.join('、')}）
    </td>
  );
}

/** Completes, partials, refusals and ineligibles against plan; sites and counties behind plan highlighted. */
export function FieldworkView({ token, instrument }: { token: string; instrument: string }) {
  const [expectedShare, setExpectedShare] = useState(1);
  const { labels } = useRegistry();
  const { data, error, loading } = useApi(() => fetchFieldwork(token, instrument, expectedShare), `${instrument}-${expectedShare}`);
  const tally = useApi(() => call(token, '/api/quality/flags', flagTallySchema), `flags-${expectedShare}`).data;
  const siteFlags = new Map(tally?.sites.map((row) => [row.siteCode, row]));
  const interviewerFlags = new Map(tally?.interviewers.map((row) => [row.interviewer, row]));
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!data) return <p>{loading ? '加载中…' : ''}</p>;
  const { totals } = data;
  return (
    <div className="fieldwork">
      <div className="cards">
        <div className="card">
          <strong>{totals.counts.complete}</strong> / {totals.planned} 完成 / 计划
        </div>
        <div className="card">{COUNTED.filter((status) => status !== 'complete').map((status) => `${zh(RESPONSE_STATUS_LABELS[status])} ${totals.counts[status]}`).join(' · ')}</div>
        <div className="card">访问时长中位数 {minutes(totals.medianDurationSeconds)}</div>
        <label className="card">
          此时应完成计划的 Expected by now{' '}
          <select value={expectedShare} onChange={(event) => setExpectedShare(Number(event.target.value))}>
            {[0.25, 0.5, 0.75, 1].map((share) => (
              <option key={share} value={share}>
                {share * 100}%
              </option>
            ))}
          </select>
        </label>
      </div>
      <h2>县区 Counties</h2>
      <table>
        <thead>
          <tr>
            <th>县区 County</th>
            <th>地区 Region</th>
            <th>计划 Planned</th>
            {COUNT_HEADERS}
            <th>落后调查点 Sites behind</th>
          </tr>
        </thead>
        <tbody>
          {data.counties.map((county) => (
            <tr key={county.stratum} className={county.behindPlan ? 'behind' : undefined}>
              <td title={county.countyCode}>{zh(labels.level('county', county.countyCode))}</td>
              <td>{zh(labels.level('region', county.region))}</td>
              <td>{county.planned}</td>
              <CountCells counts={county.counts} />
              <td>
                {county.sitesBehindPlan} / {county.sites}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>调查点 Sites</h2>
      <table className="sites">
        <thead>
          <tr>
            <th>调查点 Site</th>
            <th>名称 Name</th>
            <th>县区 County</th>
            <th>计划 Planned</th>
            {COUNT_HEADERS}
            <th>进度 Progress</th>
            <th>时长中位数 Median length</th>
            <th>质量标记 Flagged</th>
          </tr>
        </thead>
        <tbody>
          {data.sites.map((site) => (
            <tr key={site.siteCode} className={site.behindPlan ? 'behind' : undefined}>
              <td>{site.siteCode}</td>
              <td>{site.siteName}</td>
              <td title={site.countyCode}>{zh(labels.level('county', site.countyCode))}</td>
              <td>{site.planned}</td>
              <CountCells counts={site.counts} />
              <td>
                <meter min={0} max={1} value={Math.min(1, site.counts.complete / site.planned)} /> {Math.round((100 * site.counts.complete) / site.planned)}%{site.behindPlan ? ' 落后' : ''}
              </td>
              <td>{minutes(site.medianDurationSeconds)}</td>
              <FlagCell tally={siteFlags.get(site.siteCode)} />
            </tr>
          ))}
        </tbody>
      </table>
      <div className="columns">
        <section>
          <h2>按日 By day</h2>
          <table>
            <thead>
              <tr>
                <th>日期 Date</th>
                {COUNT_HEADERS}
              </tr>
            </thead>
            <tbody>
              {data.days.map((day) => (
                <tr key={day.date}>
                  <td>{day.date}</td>
                  <CountCells counts={day.counts} />
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section>
          <h2>按方式 By mode</h2>
          <table>
            <thead>
              <tr>
                <th>方式 Mode</th>
                {COUNT_HEADERS}
                <th>时长 Length</th>
              </tr>
            </thead>
            <tbody>
              {data.modes.map((mode) => (
                <tr key={mode.mode}>
                  <td>{zh(labels.level('mode', mode.mode))}</td>
                  <CountCells counts={mode.counts} />
                  <td>{minutes(mode.medianDurationSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>访员 Interviewers</h2>
          <table>
            <thead>
              <tr>
                <th>访员 Interviewer</th>
                {COUNT_HEADERS}
                <th>调查点 Sites</th>
                <th>质量标记 Flagged</th>
              </tr>
            </thead>
            <tbody>
              {data.interviewers.map((interviewer) => (
                <tr key={interviewer.interviewer}>
                  <td>{interviewer.interviewer}</td>
                  <CountCells counts={interviewer.counts} />
                  <td>{interviewer.sites}</td>
                  <FlagCell tally={interviewerFlags.get(interviewer.interviewer)} />
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}
