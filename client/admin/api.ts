import { z } from 'zod';
import { ApiError, apiFetch } from '../shared/api';

/** The console's calls to the API (the shapes are in contracts/); the session cookie set at sign-in also authorizes downloads. */
export const call = <T>(token: string, url: string, schema: z.ZodType<T>, method?: 'POST' | 'PATCH' | 'DELETE', body?: unknown) => apiFetch(url, { token, schema, method, body });

/** A file sent as it is (XLSX or CSV bytes); the server finds the encoding. */
export function uploadFile<T>(token: string, url: string, file: File, schema: z.ZodType<T>): Promise<T> {
  const type = file.name.toLowerCase().endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
  return apiFetch(url, { token, schema, method: 'POST', body: file, headers: { 'Content-Type': type } });
}

/** The message of a failure, with every field error (a bad row by line) after it. */
export function failureText(failure: unknown): string {
  if (failure instanceof ApiError) return [failure.message, ...failure.errors.map((error) => `${error.path}: ${error.message}`)].join('\n');
  return failure instanceof Error ? failure.message : String(failure);
}
