// Builds the embedded database once (npm run ferretdb:install); the server and the tests reuse it.
import { ensureFerretDB } from '../server/db/ferretdbBinary';

try {
  ensureFerretDB();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
