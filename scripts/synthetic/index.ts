export { generateRespondent, EDUCATION_LEVELS, type EducationLevel, type RespondentOptions, type SyntheticRespondent } from './respondent';
export { createRandom, type Random } from './random';
