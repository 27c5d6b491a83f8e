/**
 * `npm run demo`: a realistic synthetic evaluation, so a new user sees the whole loop without fieldwork.
 * A frame of 3 provinces (one per region) × 2 counties × 6 sites is imported the real way (the CSV
 * import), and about 2,000 interviews are answered by synthetic respondents and stored through the real
 * intake service (`submitResponse`), by interviewer accounts (CAPI) and QR links (CAWI). Response ids
 * are derived from the seed, so a second run stores nothing twice: it skips what is already there.
 */
import { loadConfig } from '../server/config';
import { startPlatform } from '../server/platform';
import { buildDemo, loadDemo } from './demo/load';

async function main(): Promise<void> {
  // The same database `npm start` uses (embedded FerretDB in DATA_DIR, or MONGODB_URI), without serving HTTP to others.
  const platform = await startPlatform({ ...loadConfig(), PORT: 0, HOST: '127.0.0.1' });
  try {
    const summary = await loadDemo(platform.state, buildDemo(), (line) => console.log(line));
    console.log(
      summary.stored === 0
        ? `The demo data are already loaded (${summary.total} interviews); nothing to do.`
        : `Stored ${summary.stored} interviews (${summary.skipped} were already there). Start the platform with \`npm start\` and open /analyst.`,
    );
    console.log(`Sign in to /analyst as ${summary.analyst.username} / ${summary.analyst.password}.`);
    // Only a hash of the admin password is stored: it can be shown when it is made, never again.
    console.log(
      process.env.ADMIN_PASSWORD
        ? 'Survey managers: sign in to /admin as admin with ADMIN_PASSWORD.'
        : "Survey managers: sign in to /admin as admin with the password printed as 'Created the first account: admin / …' when this database was first started (above, if this run created it).",
    );
  } finally {
    await platform.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
