import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** Express's names for address ranges (proxy-addr), besides IP addresses and CIDR ranges. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyAddress(item: string): boolean {
  if (PROXY_RANGE_NAMES.includes(item)) return true;
  const [address = '', bits, extra] = item.split('/');
  const version = net.isIP(address);
  if (version === 0 || extra !== undefined) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

/**
 * Whose X-Forwarded-For / X-Forwarded-Proto to believe: nobody (false, the default: the client's own
 * address counts), a number of proxy hops, or the proxies' addresses, CIDR ranges or range names. Never
 * `true`: every client could then claim any address and escape the per-IP limits.
 */
const trustProxySchema = z
  .string()
  .default('false')
  .transform((value, context): false | number | string[] => {
    const trimmed = value.trim();
    if (trimmed === 'false' || trimmed === 'none') return false;
    if (/^\d+$/.test(trimmed)) return Number(trimmed);
    const items = trimmed.split(',').map((item) => item.trim()).filter(Boolean);
    const bad = items.filter((item) => !isProxyAddress(item));
    if (items.length === 0 || bad.length > 0) {
      context.addIssue({ code: 'custom', message: `expected false, a number of proxy hops, or the proxies' addresses/CIDR ranges (or loopback, linklocal, uniquelocal) separated by commas; not ${bad.join(', ') || 'true'}` });
      return z.NEVER;
    }
    return items;
  });

/**
 * Every environment variable the server reads, validated once at start.
 * A bad value stops the start with a message naming the variable and what it expects.
 */
const envSchema = z.object({
  PORT: z.coerce
    .number({ message: 'expected a whole number' })
    .int('expected a whole number')
    .min(0, 'expected a port number from 0 to 65535')
    .max(65535, 'expected a port number from 0 to 65535')
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/.+/, 'expected a MongoDB connection string such as mongodb://host:27017/migrant_health')
    .optional(),
  MONGODB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100, 'expected milliseconds, at least 100').default(10_000),
  DATA_DIR: z.string().min(1).default('./data'),
  FERRETDB_BIN: z.string().min(1).optional(),
  ADMIN_PASSWORD: z.string().min(8, 'expected at least 8 characters').optional(),
  AUTH_SECRET: z.string().min(32, 'expected at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
  /** A font with Chinese glyphs for the posters PDF (a .ttf/.otf, or a .ttc followed by #FaceName); by default fonts-noto-cjk. */
  POSTER_FONT: z.string().min(1).optional(),
  PUBLIC_URL: z.url('expected an absolute URL such as https://survey.example.org').optional(),
  RESPONDENT_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1, 'expected seconds, at least 1').default(600),
  RESPONDENT_RATE_PER_IP: z.coerce.number().int().min(1, 'expected a whole number from 1').default(120),
  /** With several instances on one MongoDB: how often each reads the others' new responses into its analysis rows (0: never). */
  ANALYSIS_CATCH_UP_SECONDS: z.coerce.number().int().min(0, 'expected seconds, 0 or more').default(5),
  RESPONDENT_RATE_PER_LINK: z.coerce.number().int().min(1, 'expected a whole number from 1').default(1200),
  TRUST_PROXY: trustProxySchema,
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1, 'expected seconds, at least 1').default(600),
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1, 'expected a whole number from 1').default(10),
  LOGIN_FAILURES_PER_IP: z.coerce.number().int().min(1, 'expected a whole number from 1').default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof envSchema> & { dataDir: string };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
