import type { SyncError } from '../shared/offline/records';
import type { OutboxState } from './useOutbox';

/** Always on screen: whether the tablet is online, what is waiting, when the last sync succeeded, the last error. */
export function StatusBar({ outbox, readyOffline }: { outbox: OutboxState; readyOffline: boolean }) {
  const { online, waiting, rejected, syncing, status } = outbox;
  return (
    <div className="status-bar" role="status" aria-live="polite">
      <span className={online ? 'badge online' : 'badge offline'} data-testid="network">
        {online ? '在线' : '离线'}
      </span>
      {readyOffline && (
        <span className="ready-offline" data-testid="ready-offline" title="应用、调查点和问卷已保存在本机">
          可离线使用
        </span>
      )}
      <span data-testid="waiting">
        待发送 <strong>{waiting}</strong>
      </span>
      {rejected > 0 && (
        <span className="rejected" data-testid="rejected">
          被退回 <strong>{rejected}</strong>
        </span>
      )}
      <span data-testid="last-sync">上次同步：{status.lastSyncAt ? formatTime(status.lastSyncAt) : '尚未同步'}</span>
      {status.lastError && (
        <span className="error" data-testid="last-error" title={status.lastError.message}>
          错误：{describeError(status.lastError)}
        </span>
      )}
      <button type="button" onClick={outbox.sync} disabled={syncing || !online}>
        {syncing ? '正在同步…' : '立即同步'}
      </button>
    </div>
  );
}

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function describeError(error: SyncError): string {
  const when = formatTime(error.at);
  if (error.code === 'network') return `无法连接服务器（${when}），将自动重试`;
  if (error.code === 'timeout') return `服务器无响应（${when}），将自动重试`;
  if (error.status === 401) return '登录已过期，请重新登录后同步';
  if (error.status === 403) return '没有权限发送这些访问，请联系管理员';
  if (error.status >= 500) return `服务器出错 ${error.status}（${when}），将自动重试`;
  return `${error.message}（${when}）`;
}
