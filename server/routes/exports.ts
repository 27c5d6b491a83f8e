import { Router } from 'express';
import type { AppContext } from '../app';
import { requireAuth, requireRole } from '../http/auth';
import { sendDownload } from '../http/download';
import { parseQuery } from '../http/validate';
import { dataFileWeights, namesScheme } from '../services/estimates';
import { dataQuerySchema, responsesQuerySchema, type DataQuery } from '../../contracts/exports';
import { dataFileColumns, instrumentFor, questionVariables, writeResponseCsv } from '../services/exports/responseData';
import { prepareReplicationKit } from '../services/exports/replicationKit';
import { writeCodebookXlsx } from '../services/exports/xlsx';

/** The data file's selection, as the estimates with the same filters make it. */
const selectionOf = (query: DataQuery, instrument: { id: string; version: number }) => ({
  instrumentId: instrument.id,
  instrumentVersion: instrument.version,
  freeText: query.freeText === 'true',
  includeRejected: query.includeRejected === 'true',
  from: query.from,
  to: query.to,
});

/** De-identified response data and its codebook, for analysts and admins. */
export function exportRoutes(context: AppContext): Router {
  const router = Router();
  router.use('/exports', requireAuth(context), requireRole('analyst', 'admin'));
  router.get('/exports/responses.csv', async (request, response) => {
    const query = parseQuery(responsesQuerySchema, request.query);
    const instrument = instrumentFor(query.instrument, query.version);
    const selection = selectionOf(query, instrument);
    const weights = await dataFileWeights(context.state, selection, query.weighting);
    await sendDownload(response, { name: `${instrument.id}-v${instrument.version}-responses.csv`, type: 'text/csv; charset=utf-8' }, (output) =>
      writeResponseCsv(context.state, { ...selection, weights, labels: query.labels }, output),
    );
  });
  router.get('/exports/replication.zip', async (request, response) => {
    const query = parseQuery(dataQuerySchema, request.query);
    const instrument = instrumentFor(query.instrument, query.version);
    const write = await prepareReplicationKit(context.state, { ...selectionOf(query, instrument), weighting: query.weighting, lonelyPsu: query.lonelyPsu });
    await sendDownload(response, { name: `${instrument.id}-v${instrument.version}-replication.zip`, type: 'application/zip' }, write);
  });
  router.get('/exports/codebook.xlsx', async (request, response) => {
    const query = parseQuery(responsesQuerySchema, request.query);
    const instrument = instrumentFor(query.instrument, query.version);
    const derived = dataFileColumns(query.labels, namesScheme(query.weighting));
    const variables = [...derived, ...questionVariables(instrument.id, instrument.version, query.freeText === 'true')];
    const title = `${instrument.title['zh-cn']} / ${instrument.title.en} — ${instrument.id} v${instrument.version}`;
    await sendDownload(response, { name: `${instrument.id}-v${instrument.version}-codebook.xlsx`, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, (output) =>
      writeCodebookXlsx(output, variables, title),
    );
  });
  return router;
}
