import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
/** FerretDB v1.24.2 declares `toolchain go1.24.3`; a newer local Go fetches it through the module proxy. */
const GO_TOOLCHAIN = 'go1.24.3';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const defaultFerretDBPath = path.join(projectRoot, 'tools', 'ferretdb', 'ferretdb');

export class FerretDBUnavailableError extends Error {}

function findGo(): string | undefined {
  const candidates = ['go', '/usr/local/go/bin/go'];
  return candidates.find((candidate) => spawnSync(candidate, ['version'], { stdio: 'ignore' }).status === 0);
}

function installedVersion(binary: string): string | undefined {
  if (!fs.existsSync(binary)) return undefined;
  const run = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return /version:\s*(v[\d.]+)/.exec(run.stdout ?? '')?.[1];
}

/** The module cache is read-only; the scratch copy must be writable to add a file and to be removed. */
function makeWritable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(entryPath);
    else fs.chmodSync(entryPath, 0o644);
  }
}

/**
 * Returns the path of a FerretDB v1.24.2 binary, building it once into tools/ferretdb when absent.
 *
 * Why not plain `go install …/cmd/ferretdb@v1.24.2`: the module zip lacks the generated
 * build/version/version.txt, so such a binary panics at start, and `go install pkg@version`
 * also asks the proxy for the module's version list, which some proxies refuse. So the module
 * is downloaded (checksum-verified against the Go checksum database), copied into a scratch
 * folder, given its version file, and built there.
 */
export function ensureFerretDB(binary = defaultFerretDBPath, log: (line: string) => void = console.log): string {
  if (installedVersion(binary) === FERRETDB_VERSION) return binary;
  const go = findGo();
  if (!go) {
    throw new FerretDBUnavailableError(
      'No database: MONGODB_URI is not set and Go is not installed to build the embedded FerretDB. ' +
        'Either set MONGODB_URI=mongodb://host:27017/migrant_health, or install Go (https://go.dev/dl/, /usr/local/go) and run `npm run ferretdb:install`.',
    );
  }
  log(`Building FerretDB ${FERRETDB_VERSION} into ${path.dirname(binary)} (first run only, a few minutes)...`);
  const env = { ...process.env, GOTOOLCHAIN: GO_TOOLCHAIN, GOFLAGS: '-mod=mod' };
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ferretdb-build-'));
  try {
    const download = JSON.parse(
      execFileSync(go, ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], { cwd: scratch, env, encoding: 'utf8' }),
    ) as { Dir: string };
    const source = path.join(scratch, 'src');
    fs.cpSync(download.Dir, source, { recursive: true });
    makeWritable(source);
    fs.writeFileSync(path.join(source, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    fs.mkdirSync(path.dirname(binary), { recursive: true });
    execFileSync(go, ['build', '-o', binary, './cmd/ferretdb'], { cwd: source, env, stdio: 'inherit' });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  }
  const version = installedVersion(binary);
  if (version !== FERRETDB_VERSION) {
    throw new FerretDBUnavailableError(`Built ${binary} but it reports version ${version ?? 'none'}; expected ${FERRETDB_VERSION}.`);
  }
  log(`FerretDB ${FERRETDB_VERSION} ready at ${binary}`);
  return binary;
}
