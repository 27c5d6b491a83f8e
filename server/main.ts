import { loadConfig } from './config';
import { redactUri } from './db/connection';
import { startPlatform } from './platform';

/** Entry point of `npm start`: one line per failure, a non-zero exit, and a clean stop on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const platform = await startPlatform(config);
  console.log(`Migrant health survey platform on ${platform.url}`);
  console.log(`  database      ${platform.embedded ? `embedded FerretDB, data in ${config.dataDir}` : redactUri(platform.databaseUri)}`);
  console.log(`  interviewers  ${platform.url}/capi`);
  console.log(`  analysts      ${platform.url}/analyst`);
  console.log(`  respondents   ${platform.url}/s/<token> (QR links: POST /api/links)`);
  console.log(`  health        ${platform.url}/api/health`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests and stopping...`);
    await platform.close();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
