import type { Connection } from 'mongoose';
import type { AuditAction, AuditEntryView, AuditQuery } from '../../contracts/audit';
import { findAuditEntries, insertAuditEntries, insertAuditEntry } from '../queries/audit';
import { receivedWithin } from './dateRange';

export interface AuditRecord {
  actor: string;
  action: AuditAction;
  target: string;
  before?: object | null;
  after?: object | null;
}

export async function recordAudit(connection: Connection, record: AuditRecord, at = new Date()): Promise<void> {
  await insertAuditEntry(connection, { at, actor: record.actor, action: record.action, target: record.target, before: record.before ?? null, after: record.after ?? null });
}

export async function recordAudits(connection: Connection, records: AuditRecord[], at = new Date()): Promise<void> {
  if (records.length === 0) return;
  await insertAuditEntries(connection, records.map((record) => ({ at, ...record, before: record.before ?? null, after: record.after ?? null })));
}

/** The entries the filters select, newest first (`to` includes that whole day, UTC). */
export async function listAudit(connection: Connection, query: AuditQuery): Promise<AuditEntryView[]> {
  const filter: Record<string, unknown> = {};
  if (query.action) filter.action = query.action;
  if (query.actor) filter.actor = query.actor;
  if (query.target) filter.target = query.target;
  const within = receivedWithin(query).receivedAt;
  if (within) filter.at = within;
  const entries = await findAuditEntries(connection, filter);
  return entries
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .map((entry) => ({ at: entry.at.toISOString(), actor: entry.actor, action: entry.action, target: entry.target, before: entry.before ?? null, after: entry.after ?? null }));
}

const csvCell = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The log as CSV for Excel (UTF-8 with BOM, so Chinese opens right on Windows), before/after as JSON text. */
export function auditCsv(entries: AuditEntryView[]): string {
  const lines = [['时间 time (UTC)', '操作人 actor', '操作 action', '对象 target', '之前 before', '之后 after']];
  for (const entry of entries) lines.push([entry.at, entry.actor, entry.action, entry.target, entry.before === null ? '' : JSON.stringify(entry.before), entry.after === null ? '' : JSON.stringify(entry.after)]);
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
