import { z } from 'zod';
import { LABEL_MODES } from '../analysis/exports/estimates';
import { dateRangeQuery, inDateOrder } from './dateRange';
import { lonelyPsu, selectionQuery } from './estimatesQuery';
import { DEFAULT_INSTRUMENT } from './instruments';

/** What the data exports select (GET /api/exports/responses.csv, codebook.xlsx, replication.zip): one questionnaire version's interviews within the dates, and their weights. */
const dataQueryShape = {
  instrument: z.string().min(1).default(DEFAULT_INSTRUMENT),
  version: z.coerce.number({ message: 'expected a version number' }).int().positive().optional(),
  freeText: z.enum(['true', 'false'], { message: 'expected true or false' }).default('false'),
  includeRejected: z.enum(['true', 'false'], { message: 'expected true or false' }).default('false'),
  /** base weights always; a scheme's id adds final_weight. */
  weighting: selectionQuery.weighting,
  lonelyPsu,
  ...dateRangeQuery,
};
/** GET /api/exports/replication.zip. */
export const dataQuerySchema = inDateOrder(z.strictObject(dataQueryShape));

/** The data file (and its codebook, which lists the same columns) alone may name its coded values (codes by default; the replication kit's scripts read codes). */
export const responsesQuerySchema = inDateOrder(z.strictObject({ ...dataQueryShape, labels: z.enum(LABEL_MODES, { message: '应为 zh（中文名称）、en（英文名称）或 codes（代码，默认） / expected zh, en or codes' }).default('codes') }));

export type DataQuery = z.infer<typeof dataQuerySchema>;
