import { z } from 'zod';
import { QUALITY_FLAGS } from '../../analysis/quality/settings';
import { apiFetch } from '../shared/api';

/** The review API as the console reads it (server/routes/review.ts, responses.ts, quality.ts). */
export const REVIEW_STATES = ['received', 'has-issues', 'approved', 'rejected', 'returned'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];
/** The states a reviewer sets directly; `returned` is set by sending the interview back. */
export const REVIEWABLE_STATES = ['has-issues', 'approved', 'rejected', 'received'] as const;

const label = z.object({ 'zh-cn': z.string(), en: z.string() });

export const listingSchema = z.object({
  items: z.array(
    z.looseObject({
      id: z.string(),
      siteCode: z.string(),
      countyCode: z.string().optional(),
      interviewer: z.string().nullish(),
      linkId: z.string().nullish(),
      mode: z.string(),
      status: z.string(),
      receivedAt: z.string(),
      instrumentVersion: z.number(),
      paradata: z.looseObject({ durationSeconds: z.number().optional() }).nullish(),
      version: z.number(),
      reviewState: z.enum(REVIEW_STATES),
      flags: z.array(z.string()),
    }),
  ),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  counts: z.object({ reviewState: z.record(z.string(), z.number()), flag: z.record(z.string(), z.number()), status: z.record(z.string(), z.number()), mode: z.record(z.string(), z.number()) }),
});
export type Listing = z.infer<typeof listingSchema>;

const answerChange = z.object({ question: z.string(), from: z.unknown(), to: z.unknown() });

export const detailSchema = z.looseObject({
  id: z.string(),
  instrumentId: z.string(),
  instrumentVersion: z.number(),
  siteCode: z.string(),
  interviewer: z.string().nullish(),
  linkId: z.string().nullish(),
  mode: z.string(),
  status: z.string(),
  receivedAt: z.string(),
  answers: z.record(z.string(), z.unknown()),
  scores: z.unknown(),
  paradata: z.looseObject({ pageSeconds: z.record(z.string(), z.number()).optional(), durationSeconds: z.number().optional(), locale: z.string().optional(), userAgent: z.string().optional(), appVersion: z.string().optional(), startedAt: z.string().optional(), completedAt: z.string().optional() }).nullish(),
  version: z.number(),
  reviewState: z.enum(REVIEW_STATES),
  flags: z.array(z.object({ flag: z.enum(QUALITY_FLAGS), explanation: z.string(), explanationEn: z.string() })),
  versions: z.array(z.object({ version: z.number(), kind: z.string(), by: z.string().nullable(), at: z.string(), status: z.string(), reason: z.string().nullish(), changes: z.array(answerChange) })),
  history: z.array(z.object({ at: z.string(), by: z.string(), action: z.string(), state: z.enum(REVIEW_STATES), comment: z.string(), version: z.number(), page: z.string().optional() })),
});
export type Detail = z.infer<typeof detailSchema>;

export const interviewerTableSchema = z.object({
  interviewers: z.array(
    z.object({
      interviewer: z.string(),
      interviews: z.number(),
      completes: z.number(),
      flags: z.record(z.string(), z.number()),
      flagged: z.boolean(),
      tests: z.array(z.object({ measure: z.string(), n: z.number(), value: z.number(), expected: z.number(), z: z.number(), p: z.number(), adjustedP: z.number(), flagged: z.boolean() })),
    }),
  ),
  measures: z.record(z.string(), label),
});
export type InterviewerTable = z.infer<typeof interviewerTableSchema>;

const tallyRow = z.object({ interviews: z.number(), flagged: z.number(), flags: z.record(z.string(), z.number()) });
export const flagTallySchema = z.object({ sites: z.array(tallyRow.extend({ siteCode: z.string() })), interviewers: z.array(tallyRow.extend({ interviewer: z.string() })), flags: z.record(z.string(), label) });
export type FlagTally = z.infer<typeof flagTallySchema>;

export const instrumentSchema = z.object({ id: z.string(), version: z.number(), json: z.looseObject({}) });
export const instrumentListSchema = z.array(z.object({ id: z.string(), version: z.number(), title: label }));
export const sitesSchema = z.array(z.looseObject({ siteCode: z.string(), siteName: z.string(), countyCode: z.string(), countyName: z.string().optional() }));

export const reviewResultsSchema = z.object({ results: z.array(z.object({ id: z.string(), state: z.enum(REVIEW_STATES) })) });

export const reviewCall = <T>(token: string, url: string, schema: z.ZodType<T>, method?: 'POST' | 'PATCH', body?: unknown) => apiFetch(url, { token, schema, method, body });
