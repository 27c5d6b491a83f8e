import { z } from 'zod';
import { ApiError, apiFetch } from '../shared/api';

/** The console's view of the API; the session cookie set at sign-in also authorizes downloads. */
export const userSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['admin', 'analyst', 'interviewer']),
  samplingPoints: z.array(z.string()),
  active: z.boolean(),
  demo: z.boolean(),
  lastSignInAt: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  interviews: z.number(),
});
export type User = z.infer<typeof userSchema>;

export const overviewSchema = z.object({
  publicUrl: z.string().nullable(),
  instruments: z.array(z.object({ id: z.string(), version: z.number(), title: z.string() })),
  sites: z.number(),
  planned: z.number(),
  completes: z.number(),
  interviewers: z.object({ total: z.number(), active: z.number() }),
  openLinks: z.number(),
  lastSyncs: z.array(z.object({ username: z.string(), displayName: z.string(), lastSyncAt: z.string() })),
  warnings: z.array(z.string()),
});

export const linkSchema = z.object({
  id: z.string(),
  shortUrl: z.string(),
  samplingPoint: z.string(),
  instrumentId: z.string(),
  expiresAt: z.string(),
  maxResponses: z.number().nullable(),
  responseCount: z.number(),
  revoked: z.boolean(),
});
export type Link = z.infer<typeof linkSchema>;

export const instrumentVersionSchema = z.object({
  id: z.string(),
  version: z.number(),
  state: z.enum(['draft', 'published', 'retired']),
  title: z.object({ 'zh-cn': z.string(), en: z.string() }),
  publishedAt: z.string().nullable(),
});
export type InstrumentVersion = z.infer<typeof instrumentVersionSchema>;

export const instrumentChangesSchema = z.object({ added: z.array(z.string()), removed: z.array(z.string()), reworded: z.array(z.string()), choicesChanged: z.array(z.string()) });
export type InstrumentChanges = z.infer<typeof instrumentChangesSchema>;

export const siteSchema = z.looseObject({ siteCode: z.string(), siteName: z.string(), countyCode: z.string(), provinceName: z.string(), cityName: z.string(), countyName: z.string(), migrantPopulation: z.number(), selectionProbability: z.number(), plannedInterviews: z.number() });

export const framePreviewSchema = z.object({
  created: z.array(z.looseObject({ siteCode: z.string(), siteName: z.string(), countyName: z.string() })),
  changed: z.array(z.object({ siteCode: z.string(), siteName: z.string(), changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })), interviews: z.number(), changesWeights: z.boolean() })),
  unchanged: z.array(z.string()),
  fingerprint: z.string(),
});
export type Site = z.infer<typeof siteSchema>;

export type FramePreview = z.infer<typeof framePreviewSchema>;

export const auditSchema = z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), target: z.string(), before: z.unknown(), after: z.unknown() }));

export const signInCodeSchema = z.object({ id: z.string(), code: z.string(), url: z.string(), expiresAt: z.string() });

export const call = <T>(token: string, url: string, schema: z.ZodType<T>, method?: 'POST' | 'PATCH' | 'DELETE', body?: unknown) => apiFetch(url, { token, schema, method, body });

/** A file sent as it is (XLSX or CSV bytes); the server finds the encoding. */
export async function uploadFile<T>(token: string, url: string, file: File, schema: z.ZodType<T>): Promise<T> {
  const type = file.name.toLowerCase().endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
  const response = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': type, Accept: 'application/json' }, body: file, credentials: 'same-origin' });
  const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string; errors?: { path: string; message: string }[] };
  if (!response.ok) throw new ApiError(response.status, body.code ?? `http-${response.status}`, body.message ?? `HTTP ${response.status}`, body.errors ?? []);
  return schema.parse(body);
}

/** The message of a failure, with every field error (a bad row by line) after it. */
export function failureText(failure: unknown): string {
  if (failure instanceof ApiError) return [failure.message, ...failure.errors.map((error) => `${error.path}: ${error.message}`)].join('\n');
  return failure instanceof Error ? failure.message : String(failure);
}
