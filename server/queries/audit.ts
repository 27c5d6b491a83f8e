/**
 * Every read and write of the `auditLog` collection, as ODK Central's
 * lib/model/query/: services call these named queries and never the model. Entries are only ever added.
 */
import type { Connection } from 'mongoose';
import { modelsOf } from '../models';
import type { AuditEntryDocument } from '../models/auditEntry';

export type { AuditEntryDocument } from '../models/auditEntry';

const auditEntries = (connection: Connection) => modelsOf(connection).AuditEntry;

export async function insertAuditEntry(connection: Connection, entry: AuditEntryDocument): Promise<void> {
  await auditEntries(connection).create(entry);
}

export async function insertAuditEntries(connection: Connection, entries: AuditEntryDocument[]): Promise<void> {
  await auditEntries(connection).insertMany(entries);
}

/** The entries a filter on their stored fields (action, actor, target, at) keeps, in no order. */
export function findAuditEntries(connection: Connection, filter: Record<string, unknown>): Promise<AuditEntryDocument[]> {
  return auditEntries(connection).find(filter).lean<AuditEntryDocument[]>();
}
