import type { Connection } from 'mongoose';
import { currentVersions, type CurrentContent } from './responseVersions';
import { reviewStates } from './reviews';

/**
 * What review changes about the interviews an analysis reads: the rejected ones (left out unless asked
 * for) and the current content of corrected or edited ones. Both are small collections, read once per
 * estimate or export and applied while the responses stream past.
 */
export interface ReviewOverlay {
  rejected: Set<string>;
  current: Map<string, CurrentContent>;
}

export async function reviewOverlay(connection: Connection): Promise<ReviewOverlay> {
  const [states, current] = await Promise.all([reviewStates(connection), currentVersions(connection)]);
  return { rejected: new Set([...states].filter(([, state]) => state === 'rejected').map(([id]) => id)), current };
}

