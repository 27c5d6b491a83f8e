import { z } from 'zod';
import { MODES, RESPONSE_STATUSES } from '../analysis/domain/profile';
import { fieldErrorSchema } from './errors';

const isoDateTime = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time such as 2026-05-01T08:30:00Z' });

/**
 * How an interview or self-completion went, sent with every response: when it started and ended, how
 * long each page took, the language it ended in, the app and the device. No location is ever recorded.
 */
export const paradataSchema = z.strictObject({
  startedAt: isoDateTime.optional(),
  completedAt: isoDateTime.optional(),
  /** Seconds spent on the pages, summed; time while the app was closed does not count. */
  durationSeconds: z.number().nonnegative().optional(),
  /** Page name → seconds on that page, summed over every visit. */
  pageSeconds: z.record(z.string(), z.number().nonnegative()).optional(),
  locale: z.string().max(20).optional(),
  appVersion: z.string().max(100).optional(),
  userAgent: z.string().max(500).optional(),
  /** What kind of device answered (phone, tablet), when the app can tell. */
  device: z.string().max(200).optional(),
});
export type Paradata = z.infer<typeof paradataSchema>;

/** The body of POST /api/responses and one item of the batch: what the server stores, keyed by the client's UUID. */
export const submissionSchema = z.strictObject({
  /** Lower-cased: `_id` is compared byte for byte, and a resend in upper case is the same interview. */
  id: z.uuid({ message: 'expected a UUID made by the client, such as 3f2b8c1e-7d4a-4e6b-9c0d-1a2b3c4d5e6f' }).transform((id) => id.toLowerCase()),
  instrumentId: z.string().min(1).max(100),
  instrumentVersion: z.number().int().positive(),
  /** The site code of the sampling point (the PSU). */
  samplingPoint: z.string().min(1).max(40),
  mode: z.enum(MODES),
  status: z.enum(RESPONSE_STATUSES),
  answers: z.record(z.string(), z.unknown()),
  paradata: paradataSchema.default({}),
});
export type Submission = z.infer<typeof submissionSchema>;
/** A submission as a client builds it, before the server's defaults. */
export type SubmissionInput = z.input<typeof submissionSchema>;

/** A sync sends at most this many interviews at once. */
export const BATCH_MAX_ITEMS = 200;

/** POST /api/responses/batch: items are checked one by one, so the batch only needs to be a list. */
export const batchRequestSchema = z.strictObject({
  responses: z.array(z.unknown()).min(1).max(BATCH_MAX_ITEMS, `send at most ${BATCH_MAX_ITEMS} responses per batch`),
});

/** What POST /api/responses answers: 201 stored (with its version when it corrects a returned interview), 200 an identical resend; `test` when it came through a draft's test link. */
export const submissionReceiptSchema = z.object({ id: z.string(), duplicate: z.literal(true).optional(), version: z.number().int().optional(), test: z.literal(true).optional() });
export type SubmissionReceipt = z.infer<typeof submissionReceiptSchema>;

/**
 * One item's fate in a batch, in the order sent: the status the item would have had alone (201, 200,
 * 4xx with the error body's fields, 5xx when the server failed on it), and its id unless the item was
 * too malformed to have one.
 */
export const batchItemResultSchema = z.object({
  id: z.string().optional(),
  status: z.number().int(),
  duplicate: z.literal(true).optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  messageEn: z.string().optional(),
  errors: z.array(fieldErrorSchema).optional(),
});
export type BatchItemResult = z.infer<typeof batchItemResultSchema>;

export const batchResultSchema = z.object({ results: z.array(batchItemResultSchema) });
export type BatchResult = z.infer<typeof batchResultSchema>;
