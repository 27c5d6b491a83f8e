import { REVIEWABLE_STATES, type ReviewableState, type ReviewBody } from '../../contracts/review';
import type { ViewProps } from './OverviewView';

/** A reviewer's decision as the forms hold it, the body they send (the state to set and the comment the history keeps). */
export const NO_DECISION: ReviewBody = { state: 'approved', comment: '' };

interface ReviewStateFieldsProps extends Pick<ViewProps, 't'> {
  decision: ReviewBody;
  onChange(decision: ReviewBody): void;
  /** The fields' form names, distinct where two such forms share a page. */
  names?: { state: string; comment: string };
}

/** The state and comment fields of a review, one interview's or many at once. */
export function ReviewStateFields({ t, decision, onChange, names = { state: 'state', comment: 'comment' } }: ReviewStateFieldsProps) {
  return (
    <>
      <label>
        {t('setState')}
        <select name={names.state} value={decision.state} onChange={(event) => onChange({ ...decision, state: event.target.value as ReviewableState })}>
          {REVIEWABLE_STATES.map((option) => (
            <option key={option} value={option}>
              {t(`state.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('comment')}
        <input name={names.comment} value={decision.comment} required onChange={(event) => onChange({ ...decision, comment: event.target.value })} />
      </label>
    </>
  );
}
