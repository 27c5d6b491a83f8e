import type { Locale } from '../shared/locale';
import type { Paradata } from '../../contracts/submission';

/**
 * What the phone keeps per link in localStorage: the survey in progress (so reopening the link resumes
 * it) and, once sent, the id of the response (so the same phone does not answer the same link twice).
 * The response id is made when the survey starts, so every retry and resend is the same response.
 */
export interface RespondentDraft {
  responseId: string;
  answers: Record<string, unknown>;
  pageNo: number;
  locale: Locale;
  paradata?: Paradata;
}

const DEVICE_KEY = 'respond:device';
const draftKey = (linkId: string) => `respond:draft:${linkId}`;
const doneKey = (linkId: string) => `respond:done:${linkId}`;

/** A random id for this phone, kept across visits; sent as paradata so repeat phones can be spotted. */
export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

export function loadDraft(linkId: string): RespondentDraft | undefined {
  try {
    const draft = JSON.parse(localStorage.getItem(draftKey(linkId)) ?? 'null') as RespondentDraft | null;
    return draft && typeof draft.responseId === 'string' ? draft : undefined;
  } catch {
    return undefined;
  }
}

export function saveDraft(linkId: string, draft: RespondentDraft): void {
  localStorage.setItem(draftKey(linkId), JSON.stringify(draft));
}

export function completedResponseOf(linkId: string): string | undefined {
  return localStorage.getItem(doneKey(linkId)) ?? undefined;
}

export function markCompleted(linkId: string, responseId: string): void {
  localStorage.setItem(doneKey(linkId), responseId);
  localStorage.removeItem(draftKey(linkId));
}
