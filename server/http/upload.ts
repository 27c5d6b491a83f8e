import express from 'express';
import { problem } from '../../contracts/problems';

/** Spreadsheets as browsers and curl send them; the bytes are decoded by the import (tableUpload.ts). */
export const spreadsheetBody = express.raw({
  type: ['text/csv', 'text/plain', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel', 'application/octet-stream'],
  limit: '5mb',
});

export function uploadedBytes(body: unknown): Buffer {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw problem('unsupported-media-type', { expected: 'text/csv 或 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet (.xlsx)' });
  }
  return body;
}
