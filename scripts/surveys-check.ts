/**
 * `npm run surveys:check`: checks every version of every instrument (and its answer keys) and prints one
 * line per problem, `file: question: what is wrong`; exits 1 when there is any.
 */
import { INSTRUMENT_VERSIONS, readAnswerKeys, readModules } from '../surveys/catalog';
import { checkInstrument, type Problem } from '../surveys/check';

function problemsOf(instrument: (typeof INSTRUMENT_VERSIONS)[number]): Problem[] {
  try {
    return checkInstrument({ instrument, modules: readModules(instrument), keys: readAnswerKeys(instrument) });
  } catch (error) {
    return [{ file: `${instrument.id} v${instrument.version}`, message: (error as Error).message }];
  }
}

let total = 0;
for (const instrument of INSTRUMENT_VERSIONS) {
  const problems = problemsOf(instrument);
  total += problems.length;
  for (const { file, question, message } of problems) {
    console.error(`${file}: ${question ? `${question}: ` : ''}${message}`);
  }
  console.log(`${instrument.id} v${instrument.version}: ${problems.length === 0 ? 'ok' : `${problems.length} problem(s)`}`);
}
process.exitCode = total === 0 ? 0 : 1;
