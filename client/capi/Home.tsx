import { useState } from 'react';
import type { Draft, OutboxItem } from '../shared/offline/records';
import { ConfirmDialog } from './ConfirmDialog';
import type { SamplingPoint } from './fieldwork';
import { formatTime } from './StatusBar';

export interface HomeProps {
  samplingPoints: SamplingPoint[] | undefined;
  samplingPointsError?: string;
  drafts: Draft[];
  rejected: OutboxItem[];
  onNewInterview(samplingPoint: SamplingPoint): void;
  onResume(draft: Draft): void;
  onDiscard(draft: Draft): void;
  onCorrect(item: OutboxItem): void;
}

/** The interviewer's day: where to interview, what is unfinished, what the server sent back. */
export function Home({ samplingPoints, samplingPointsError, drafts, rejected, onNewInterview, onResume, onDiscard, onCorrect }: HomeProps) {
  const [discarding, setDiscarding] = useState<Draft>();
  const siteName = (code: string) => samplingPoints?.find((point) => point.siteCode === code)?.siteName ?? code;

  return (
    <main className="home">
      {rejected.length > 0 && (
        <section aria-labelledby="rejected-title" className="rejected-list">
          <h2 id="rejected-title">被服务器退回的访问（需要修改）</h2>
          <ul>
            {rejected.map((item) => (
              <li key={item.id} data-testid="rejected-item">
                <div>
                  <strong>{siteName(item.submission.samplingPoint)}</strong> · {formatTime(item.queuedAt)}
                  <p className="error">{item.rejection?.message}</p>
                  <ul className="reasons">
                    {item.rejection?.errors.map((error) => (
                      <li key={`${error.path}:${error.message}`}>
                        <code>{error.path}</code>：{error.message}
                      </li>
                    ))}
                  </ul>
                </div>
                <button type="button" onClick={() => onCorrect(item)}>
                  修改后重新发送
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="drafts-title">
        <h2 id="drafts-title">未完成的访问</h2>
        {drafts.length === 0 ? (
          <p className="empty">没有未完成的访问。</p>
        ) : (
          <ul className="drafts">
            {drafts.map((draft) => (
              <li key={draft.id} data-testid="draft">
                <div>
                  <strong>{siteName(draft.samplingPoint)}</strong>
                  <span className="meta">
                    开始于 {formatTime(draft.createdAt)} · 已答 {Object.keys(draft.answers).length} 题 · 第 {draft.pageNo + 1} 页
                  </span>
                </div>
                <div className="actions">
                  <button type="button" className="primary" onClick={() => onResume(draft)}>
                    继续
                  </button>
                  <button type="button" className="danger" onClick={() => setDiscarding(draft)}>
                    删除
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="points-title">
        <h2 id="points-title">我的调查点</h2>
        {samplingPointsError && <p className="error">{samplingPointsError}</p>}
        {samplingPoints === undefined && !samplingPointsError && <p>正在载入调查点…</p>}
        {samplingPoints?.length === 0 && <p className="empty">还没有分配调查点，请联系管理员。</p>}
        <ul className="points">
          {samplingPoints?.map((point) => (
            <li key={point.siteCode} data-testid="sampling-point">
              <div>
                <strong>{point.siteName}</strong>
                <span className="meta">
                  {point.siteCode}
                  {point.plannedInterviews ? ` · 已完成 ${point.counts?.complete ?? 0} / 计划 ${point.plannedInterviews} 份` : ''}
                </span>
              </div>
              <button type="button" className="primary" onClick={() => onNewInterview(point)}>
                新访问
              </button>
            </li>
          ))}
        </ul>
      </section>

      {discarding && (
        <ConfirmDialog
          title="删除这份未完成的访问？"
          message={`${siteName(discarding.samplingPoint)}，开始于 ${formatTime(discarding.createdAt)}，已答 ${Object.keys(discarding.answers).length} 题。删除后无法恢复。`}
          confirmLabel="确定删除"
          danger
          onCancel={() => setDiscarding(undefined)}
          onConfirm={() => {
            onDiscard(discarding);
            setDiscarding(undefined);
          }}
        />
      )}
    </main>
  );
}
