import type { ResponseStatus } from '../../analysis/domain/profile';
import type { Answers } from '../../analysis/scoring/types';
import type { FieldError } from '../../contracts/errors';
import { answerCheckerOf, answerProblems, type AnswerChecker } from '../../surveys/answerValidation';
import { getInstrument } from './instrumentVersions';
import { contentHash } from './contentHash';

/** One checker per instrument version (surveys/answerValidation.ts); the intake's messages are English, for developers and the logs. */
const checkers = new Map<string, AnswerChecker>();

export function checkerOf(id: string, version: number): AnswerChecker | undefined {
  const cacheKey = `${id}@${version}`;
  let checker = checkers.get(cacheKey);
  if (!checker) {
    const instrument = getInstrument(id, version);
    if (!instrument) return undefined;
    checker = answerCheckerOf(instrument.json, `${id} version ${version}`, 'en');
    checkers.set(cacheKey, checker);
  }
  return checker;
}

/** The intake's check of a set of answers against the version it names (surveys/answerValidation.ts). */
export function validateAnswers(instrumentId: string, instrumentVersion: number, answers: Answers, status: ResponseStatus): FieldError[] {
  const key = contentHash({ instrumentId, instrumentVersion, answers, status });
  const known = verdicts.get(key);
  if (known) return known;
  const checker = checkerOf(instrumentId, instrumentVersion);
  const verdict = checker ? answerProblems(checker, answers, status) : [{ path: 'instrumentVersion', message: `no instrument ${instrumentId} version ${instrumentVersion}` }];
  if (verdicts.size >= REMEMBERED_VERDICTS) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(key, verdict);
  return verdict;
}

/**
 * Validation is a pure function of the instrument version, the answers and the status, and costs tens of
 * milliseconds; a tablet retrying after a lost acknowledgement resends exactly the same payload. So the
 * latest verdicts are remembered by content hash, and a resend skips straight to the duplicate check.
 */
const REMEMBERED_VERDICTS = 2000;
const verdicts = new Map<string, FieldError[]>();
