import type { Model } from 'survey-core';
import type { Paradata } from '../../contracts/submission';
import { surveyLocale } from './surveyModel';

export interface ParadataOptions {
  appVersion: string;
  userAgent?: string;
  /** Milliseconds since the epoch; injectable so tests control time. */
  now?: () => number;
  /** Paradata saved with a draft, so a resumed interview keeps its start and its page times. */
  resumeFrom?: Paradata;
}

export interface ParadataTracker {
  /** The paradata so far, counting the page on screen up to now. */
  snapshot(): Paradata;
  /** Stops listening to the model. */
  stop(): void;
}

/**
 * Times every page visit of `model` from now on; on completion records completedAt. The paradata
 * (contracts/submission.ts) never records a location.
 */
export function trackParadata(model: Model, options: ParadataOptions): ParadataTracker {
  const now = options.now ?? Date.now;
  const startedAt = options.resumeFrom?.startedAt ?? new Date(now()).toISOString();
  const pageSeconds: Record<string, number> = { ...options.resumeFrom?.pageSeconds };
  let completedAt = options.resumeFrom?.completedAt;
  let currentPage: string | undefined = model.currentPage?.name;
  let enteredAt = now();

  const closeVisit = (): void => {
    if (currentPage === undefined) return;
    const seconds = (now() - enteredAt) / 1000;
    pageSeconds[currentPage] = roundSeconds((pageSeconds[currentPage] ?? 0) + seconds);
    enteredAt = now();
  };
  const onPageChanged = (): void => {
    closeVisit();
    currentPage = model.currentPage?.name;
  };
  const onComplete = (): void => {
    closeVisit();
    currentPage = undefined;
    completedAt = new Date(now()).toISOString();
  };
  model.onCurrentPageChanged.add(onPageChanged);
  model.onComplete.add(onComplete);

  return {
    snapshot() {
      closeVisit();
      const seconds = Object.values(pageSeconds).reduce((sum, value) => sum + value, 0);
      return {
        startedAt,
        ...(completedAt ? { completedAt } : {}),
        durationSeconds: roundSeconds(seconds),
        pageSeconds: { ...pageSeconds },
        locale: surveyLocale(model),
        appVersion: options.appVersion,
        userAgent: options.userAgent ?? (typeof navigator === 'undefined' ? 'unknown' : navigator.userAgent),
      };
    },
    stop() {
      model.onCurrentPageChanged.remove(onPageChanged);
      model.onComplete.remove(onComplete);
    },
  };
}

/** Tenths of a second are plenty for paradata and keep the stored numbers short. */
function roundSeconds(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
