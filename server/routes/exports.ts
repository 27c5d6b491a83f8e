import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app';
import { requireAuth, requireRole } from '../http/auth';
import { sendDownload } from '../http/download';
import { parseQuery } from '../http/validate';
import { dateRangeQuery, inDateOrder } from '../services/dateRange';
import { DERIVED_COLUMNS, instrumentFor, questionVariables, writeResponseCsv } from '../services/exports/responseData';
import { writeCodebookXlsx } from '../services/exports/xlsx';

const dataQuerySchema = inDateOrder(
  z.strictObject({
    instrument: z.string().min(1).default('migrant-health'),
    version: z.coerce.number({ message: 'expected a version number' }).int().positive().optional(),
    freeText: z.enum(['true', 'false'], { message: 'expected true or false' }).default('false'),
    includeRejected: z.enum(['true', 'false'], { message: 'expected true or false' }).default('false'),
    ...dateRangeQuery,
  }),
);

/** De-identified response data and its codebook, for analysts and admins. */
export function exportRoutes(context: AppContext): Router {
  const router = Router();
  router.use('/exports', requireAuth(context), requireRole('analyst', 'admin'));
  router.get('/exports/responses.csv', async (request, response) => {
    const query = parseQuery(dataQuerySchema, request.query);
    const instrument = instrumentFor(query.instrument, query.version);
    await sendDownload(response, { name: `${instrument.id}-v${instrument.version}-responses.csv`, type: 'text/csv; charset=utf-8' }, (output) =>
      writeResponseCsv(context.connection, { instrumentId: instrument.id, instrumentVersion: instrument.version, freeText: query.freeText === 'true', includeRejected: query.includeRejected === 'true', from: query.from, to: query.to }, output),
    );
  });
  router.get('/exports/codebook.xlsx', async (request, response) => {
    const query = parseQuery(dataQuerySchema, request.query);
    const instrument = instrumentFor(query.instrument, query.version);
    const variables = [...DERIVED_COLUMNS, ...questionVariables(instrument.id, instrument.version, query.freeText === 'true')];
    const title = `${instrument.title['zh-cn']} / ${instrument.title.en} — ${instrument.id} v${instrument.version}`;
    await sendDownload(response, { name: `${instrument.id}-v${instrument.version}-codebook.xlsx`, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, (output) =>
      writeCodebookXlsx(output, variables, title),
    );
  });
  return router;
}
