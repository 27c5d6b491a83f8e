import express from 'express';
import { HttpError } from './errors';

/** Spreadsheets as browsers and curl send them; the bytes are decoded by the import (tableUpload.ts). */
export const spreadsheetBody = express.raw({
  type: ['text/csv', 'text/plain', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel', 'application/octet-stream'],
  limit: '5mb',
});

export function uploadedBytes(body: unknown): Buffer {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new HttpError(415, 'unsupported-media-type', '请上传 CSV 或 XLSX 文件。Send the file as the body with Content-Type text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.');
  }
  return body;
}
