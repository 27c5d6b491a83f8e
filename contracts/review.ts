import { z } from 'zod';
import type { Label } from '../analysis/domain/label';
import { MODES, RESPONSE_STATUSES } from '../analysis/domain/profile';
import { QUALITY_FLAGS } from '../analysis/quality/settings';
import { dateRangeQuery, inDateOrder } from './dateRange';
import { paradataSchema } from './submission';

/** Where a stored interview stands in review; a response nobody has reviewed is `received`. */
export const REVIEW_STATES = ['received', 'has-issues', 'approved', 'rejected', 'returned'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];
/** What the console and the listing's CSV call each state. */
export const REVIEW_STATE_LABELS: Record<ReviewState, Label> = {
  received: { 'zh-cn': '已收到', en: 'Received' },
  'has-issues': { 'zh-cn': '有问题', en: 'Has issues' },
  approved: { 'zh-cn': '已通过', en: 'Approved' },
  rejected: { 'zh-cn': '已拒绝', en: 'Rejected' },
  returned: { 'zh-cn': '已退回访员', en: 'Returned' },
};
/** The states a reviewer sets directly, in the order the console offers them; `returned` is set by sending the interview back. */
export const REVIEWABLE_STATES = ['has-issues', 'approved', 'rejected', 'received'] as const;
export type ReviewableState = (typeof REVIEWABLE_STATES)[number];
/** review (a state set by an admin), return (sent back to the interviewer), resubmit (the interviewer's corrected version arrived). */
export const REVIEW_ACTIONS = ['review', 'return', 'resubmit'] as const;

const comment = z.string().trim().min(1, 'say why in a comment (the history keeps it)').max(2000);
/** PATCH /api/responses/:id/review. */
export const reviewBodySchema = z.strictObject({
  state: z.enum(REVIEWABLE_STATES, { message: `expected one of ${REVIEWABLE_STATES.join(', ')} (send an interview back with POST /api/responses/:id/return)` }),
  comment,
});
export type ReviewBody = z.infer<typeof reviewBodySchema>;
/** POST /api/responses/review: one state and comment for many responses. */
export const bulkReviewBodySchema = reviewBodySchema.extend({ ids: z.array(z.uuid({ message: 'expected a response id' })).min(1).max(500, 'review at most 500 responses at once') });
/** POST /api/responses/:id/return: what the interviewer should correct, and where to look. */
export const returnBodySchema = z.strictObject({ comment, page: z.string().min(1).max(100).optional() });
export type ReturnBody = z.infer<typeof returnBodySchema>;
/** PATCH /api/responses/:id/answers: a reviewer's correction, the changed answers (null removes one) and why. */
export const answerEditSchema = z.strictObject({
  changes: z.record(z.string().min(1), z.unknown()).refine((changes) => Object.keys(changes).length > 0, 'name at least one question to change: {"question": newValue} (null removes the answer)'),
  reason: z.string().trim().min(1, 'give the reason for the change (it is kept in the history)').max(2000),
});
export type AnswerEdit = z.infer<typeof answerEditSchema>;

/** The answer of POST /api/responses/review: each response's state after the change. */
export const reviewResultsSchema = z.object({ results: z.array(z.object({ id: z.string(), state: z.enum(REVIEW_STATES) })) });
export type ReviewResults = z.infer<typeof reviewResultsSchema>;

/** GET /api/responses' query: the filters, the page, and JSON or the whole filtered list as CSV. */
export const listingQuerySchema = inDateOrder(
  z.strictObject({
    instrument: z.string().min(1).optional(),
    instrumentVersion: z.coerce.number({ message: 'expected a version number' }).int().positive().optional(),
    stratum: z.string().min(1).optional(),
    county: z.string().min(1).optional(),
    site: z.string().min(1).optional(),
    interviewer: z.string().min(1).optional(),
    link: z.string().min(1).optional(),
    mode: z.enum(MODES).optional(),
    status: z.enum(RESPONSE_STATUSES).optional(),
    reviewState: z.enum(REVIEW_STATES, { message: `expected one of ${REVIEW_STATES.join(', ')}` }).optional(),
    flag: z.enum(QUALITY_FLAGS, { message: `expected one of ${QUALITY_FLAGS.join(', ')}` }).optional(),
    ...dateRangeQuery,
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
    /** `csv`: every row of the filtered list (no paging) as a file for Excel. */
    format: z.enum(['json', 'csv']).default('json'),
  }),
);
export type ListingQuery = z.infer<typeof listingQuerySchema>;

/** GET /api/responses: a page of responses (their current version), with how many each filter value would list. */
export const listingSchema = z.object({
  items: z.array(
    z.looseObject({
      id: z.string(),
      siteCode: z.string(),
      countyCode: z.string().optional(),
      interviewer: z.string().nullish(),
      linkId: z.string().nullish(),
      mode: z.enum(MODES),
      status: z.enum(RESPONSE_STATUSES),
      receivedAt: z.string(),
      instrumentVersion: z.number(),
      paradata: z.looseObject({ durationSeconds: z.number().nullish() }).nullish(),
      version: z.number(),
      reviewState: z.enum(REVIEW_STATES),
      flags: z.array(z.enum(QUALITY_FLAGS)),
    }),
  ),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  counts: z.object({ reviewState: z.record(z.string(), z.number()), flag: z.record(z.string(), z.number()), status: z.record(z.string(), z.number()), mode: z.record(z.string(), z.number()) }),
});
export type Listing = z.infer<typeof listingSchema>;

/** One answer a later version changed. */
export const answerChangeSchema = z.object({ question: z.string(), from: z.unknown(), to: z.unknown() });
export type AnswerChange = z.infer<typeof answerChangeSchema>;

export const reviewEventSchema = z.object({ at: z.string(), by: z.string(), action: z.enum(REVIEW_ACTIONS), state: z.enum(REVIEW_STATES), comment: z.string(), version: z.number(), page: z.string().optional() });
export type ReviewEvent = z.infer<typeof reviewEventSchema>;

/** GET /api/responses/:id: one interview for the reviewer, its flags and its whole history. */
export const detailSchema = z.looseObject({
  id: z.string(),
  instrumentId: z.string(),
  instrumentVersion: z.number(),
  siteCode: z.string(),
  interviewer: z.string().nullish(),
  linkId: z.string().nullish(),
  mode: z.enum(MODES),
  status: z.enum(RESPONSE_STATUSES),
  receivedAt: z.string(),
  answers: z.record(z.string(), z.unknown()),
  scores: z.unknown(),
  paradata: z.looseObject({ pageSeconds: z.record(z.string(), z.number()).optional(), durationSeconds: z.number().optional(), locale: z.string().optional(), userAgent: z.string().optional(), appVersion: z.string().optional(), startedAt: z.string().optional(), completedAt: z.string().optional() }).nullish(),
  version: z.number(),
  reviewState: z.enum(REVIEW_STATES),
  flags: z.array(z.object({ flag: z.enum(QUALITY_FLAGS), explanation: z.string(), explanationEn: z.string() })),
  versions: z.array(z.object({ version: z.number(), kind: z.enum(['received', 'resubmission', 'edit']), by: z.string().nullable(), at: z.string(), status: z.enum(RESPONSE_STATUSES), reason: z.string().nullish(), changes: z.array(answerChangeSchema) })),
  history: z.array(reviewEventSchema),
});
export type Detail = z.infer<typeof detailSchema>;

/** GET /api/responses/returned: the interviews a reviewer sent back to the signed-in interviewer, enough to reopen one offline. */
export const returnedInterviewsSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      instrumentId: z.string(),
      instrumentVersion: z.number().int(),
      samplingPoint: z.string(),
      mode: z.enum(MODES),
      status: z.enum(RESPONSE_STATUSES),
      answers: z.record(z.string(), z.unknown()),
      // Paradata as the tablet sent it (an interview stored by other means may lack some); anything else is dropped, as a resend could not carry it.
      paradata: z.object(paradataSchema.shape),
      version: z.number().int(),
      comment: z.string(),
      page: z.string().nullable(),
      returnedBy: z.string().nullable(),
      returnedAt: z.string(),
    }),
  ),
});
export type ReturnedInterview = z.infer<typeof returnedInterviewsSchema>['items'][number];
