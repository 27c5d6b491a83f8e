/**
 * `npm run surveys:check`: checks every version of every instrument (and its answer keys) and prints one
 * line per problem, `file: question: what is wrong`; exits 1 when there is any.
 * `npm run surveys:check -- --freeze` first writes the frozen answer shape of each published version that
 * has none yet (it never overwrites one).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  composeInstrument,
  INSTRUMENT_VERSIONS,
  publishedShapeFile,
  readAnswerKeys,
  readModules,
  readPublishedShape,
  type InstrumentVersion,
} from '../surveys/catalog';
import { answerShapeOf, checkInstrument, type Problem } from '../surveys/check';

function freeze(instrument: InstrumentVersion): void {
  const file = publishedShapeFile(instrument);
  if (!instrument.published || existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(answerShapeOf(composeInstrument(instrument, readModules(instrument))), null, 2)}\n`);
  console.log(`${file}: written`);
}

function problemsOf(instrument: InstrumentVersion): Problem[] {
  try {
    return checkInstrument({
      instrument,
      modules: readModules(instrument),
      keys: readAnswerKeys(instrument),
      publishedShape: existsSync(publishedShapeFile(instrument)) ? readPublishedShape(instrument) : undefined,
    });
  } catch (error) {
    return [{ file: `${instrument.id} v${instrument.version}`, message: (error as Error).message }];
  }
}

let total = 0;
for (const instrument of INSTRUMENT_VERSIONS) {
  if (process.argv.includes('--freeze')) freeze(instrument);
  const problems = problemsOf(instrument);
  total += problems.length;
  for (const { file, question, message } of problems) console.error(`${file}: ${question ? `${question}: ` : ''}${message}`);
  console.log(`${instrument.id} v${instrument.version}: ${problems.length === 0 ? 'ok' : `${problems.length} problem(s)`}`);
}
process.exitCode = total === 0 ? 0 : 1;
