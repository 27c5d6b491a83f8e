import { Router } from 'express';
import { QUALITY_FLAG_LABELS } from '../../analysis/quality/settings';
import { INTERVIEWER_MEASURE_LABELS } from '../../analysis/quality/interviewerEffects';
import { qualitySettingsSchema, type FlagTally, type InterviewerTable } from '../../contracts/quality';
import type { AppContext } from '../app';
import { currentUser, requireAuth, requireRole } from '../http/auth';
import { parseBody } from '../http/validate';
import { qualitySettings, saveQualitySettings } from '../services/quality';

/** The quality thresholds (read by analysts and admins, changed by admins) and the interviewer table. */
export function qualityRoutes(context: AppContext): Router {
  const router = Router();
  const { connection, state } = context;
  router.get('/quality/settings', requireAuth(context), requireRole('analyst', 'admin'), async (_request, response) => {
    response.json({ ...(await qualitySettings(connection)), flags: QUALITY_FLAG_LABELS });
  });
  router.put('/quality/settings', requireAuth(context), requireRole('admin'), async (request, response) => {
    const settings = parseBody(qualitySettingsSchema, request.body);
    response.json(await saveQualitySettings(state, settings, currentUser(response).username));
  });
  router.get('/quality/interviewers', requireAuth(context), requireRole('analyst', 'admin'), async (_request, response) => {
    const table: InterviewerTable = { interviewers: await state.quality.interviewerTable(), measures: INTERVIEWER_MEASURE_LABELS };
    response.json(table);
  });
  router.get('/quality/flags', requireAuth(context), requireRole('analyst', 'admin'), async (_request, response) => {
    const tally: FlagTally = { ...(await state.quality.flagTally()), flags: QUALITY_FLAG_LABELS };
    response.json(tally);
  });
  return router;
}
