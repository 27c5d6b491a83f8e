import { useEffect, useMemo, useState } from 'react';
import { Survey } from 'survey-react-ui';
import '../shared/survey.css';
import type { Locale } from '../shared/locale';
import { createSurveyModel } from '../shared/surveyModel';
import { instrumentSchema } from '../../contracts/instruments';
import { call } from './api';


/**
 * A version as respondents see it, rendered by SurveyJS, page by page, in either language. Every page and
 * question is shown whatever the answers (the logic would hide the later modules until screening passes),
 * and nothing is checked or saved.
 */
export function InstrumentPreview({ token, id, version, locale }: { token: string; id: string; version: number; locale: Locale }) {
  const [json, setJson] = useState<object>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    call(token, `/api/instruments/${encodeURIComponent(id)}?version=${version}`, instrumentSchema).then((answer) => setJson(answer.json), (failure: Error) => setError(failure.message));
  }, [token, id, version]);
  const model = useMemo(() => {
    if (!json) return undefined;
    const survey = createSurveyModel(json, { locale });
    survey.showInvisibleElements = true;
    survey.validationEnabled = false;
    survey.showCompleteButton = false;
    return survey;
  }, [json, locale]);
  if (error) return <p className="errors">{error}</p>;
  return model ? <Survey model={model} /> : <p>…</p>;
}
