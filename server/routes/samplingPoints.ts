import { Router } from 'express';
import type { AppContext } from '../app';
import { currentUser, requireAuth, requireRole } from '../http/auth';
import { sendDownload } from '../http/download';
import { spreadsheetBody, uploadedBytes } from '../http/upload';
import { parseQuery } from '../http/validate';
import { importPreviewedFrame, previewSamplingFrame, readSamplingFrame, writeCurrentFrame, writeFrameTemplate } from '../services/frameFiles';
import { samplingPointsWithProgress } from '../services/samplingFrame';
import { frameImportQuerySchema } from '../../contracts/samplingPoints';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function samplingPointRoutes(context: AppContext): Router {
  const router = Router();
  const admin = [requireAuth(context), requireRole('admin')];
  /** XLSX, or CSV in UTF-8 (with or without BOM) or GB18030/GBK; ?preview=true answers what would change and stores nothing. */
  router.post('/sampling-points/import', ...admin, spreadsheetBody, async (request, response) => {
    const { preview, confirm } = parseQuery(frameImportQuerySchema, request.query);
    const rows = await readSamplingFrame(uploadedBytes(request.body));
    response.json(preview ? await previewSamplingFrame(context.state, rows) : await importPreviewedFrame(context.state, rows, confirm, currentUser(response).username));
  });
  router.get('/sampling-points/template.xlsx', ...admin, async (_request, response) => {
    await sendDownload(response, { name: 'sampling-frame-template.xlsx', type: XLSX_TYPE }, (output) => writeFrameTemplate(output));
  });
  router.get('/sampling-points/frame.xlsx', ...admin, async (_request, response) => {
    await sendDownload(response, { name: 'sampling-frame.xlsx', type: XLSX_TYPE }, (output) => writeCurrentFrame(context.connection, output));
  });
  /** Interviewers see their own sites (the CAPI app caches them); analysts and admins see all, with progress. */
  router.get('/sampling-points', requireAuth(context), async (_request, response) => {
    const user = currentUser(response);
    const only = user.role === 'interviewer' ? user.samplingPoints : undefined;
    response.json(await samplingPointsWithProgress(context.state, only));
  });
  return router;
}
