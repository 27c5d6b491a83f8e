import compression from 'compression';
import expressStaticGzip from 'express-static-gzip';
import express, { type Express } from 'express';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'mongoose';
import type { Config } from './config';
import { problem } from '../contracts/problems';
import type { DatabaseWatch } from './db/databaseWatch';
import { requireDatabase } from './http/databaseAvailable';
import { errorHandler } from './http/errors';
import { limitJsonDepth } from './http/jsonLimits';
import { respondentLimitersOf, type RespondentLimiters } from './http/respondentLimits';
import { signInThrottleOf, type SignInThrottle } from './http/signInThrottle';
import { authSecretOf } from './services/authSecret';
import { createLogger, requestLogger, routeBase, type Logger } from './http/requestLog';
import { sameOriginWrites, securityHeaders } from './http/security';
import { complianceRoutes } from './routes/compliance';
import { differenceRoutes } from './routes/differences';
import { estimateRoutes } from './routes/estimates';
import { reportRoutes } from './routes/reports';
import { exportRoutes } from './routes/exports';
import { fieldworkRoutes } from './routes/fieldwork';
import { indicatorRoutes } from './routes/indicators';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { capiAppRoutes } from './routes/capiApp';
import { healthRoutes } from './routes/health';
import { instrumentRoutes } from './routes/instruments';
import { linkRoutes } from './routes/links';
import { respondentPageRoutes } from './routes/respondentPage';
import { qualityRoutes } from './routes/quality';
import { responseRoutes } from './routes/responses';
import { reviewRoutes } from './routes/review';
import { samplingPointRoutes } from './routes/samplingPoints';
import { userRoutes } from './routes/users';
import { weightingRoutes } from './routes/weighting';
import { createServerState, type ServerState } from './state';

export const clientDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/client');

/** What an app is made from: the database, the configuration, and optionally the log and the database watch. */
export interface AppSetup {
  connection: Connection;
  config: Config;
  /** Where request logs go; by default JSON lines on stdout at LOG_LEVEL. */
  logger?: Logger;
  /** The server's watch on the database (see platform.ts): while it is down, API requests fail fast with 503. */
  database?: DatabaseWatch;
  /** What the server keeps in memory for this database (server/state.ts); made here when not given. */
  state?: ServerState;
}

/**
 * Everything one app holds while it serves, handed to every route explicitly: the setup, its in-memory
 * state (stores, caches, the intake writer), the key that signs sessions and QR links, and the counters
 * that limit respondents and sign-in attempts (per app, so two apps on one process, as in the tests, count apart).
 */
export interface AppContext extends AppSetup {
  readonly state: ServerState;
  readonly secret: string;
  readonly respondentLimits: RespondentLimiters;
  readonly signInThrottle: SignInThrottle;
}

export function createAppContext(setup: AppSetup): AppContext {
  return {
    ...setup,
    state: setup.state ?? createServerState(setup.connection),
    // Read when first needed: an app that signs nothing (the health check) runs without a resolved AUTH_SECRET.
    get secret() {
      return authSecretOf(setup.config);
    },
    respondentLimits: respondentLimitersOf(setup.config),
    signInThrottle: signInThrottleOf(setup.config),
  };
}

export function createApp(setup: AppSetup): Express {
  const context = createAppContext(setup);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', context.config.TRUST_PROXY);
  app.use(requestLogger(context.logger ?? createLogger(context.config)));
  app.use(securityHeaders(context.config));
  // Phones on a slow connection and the tablets' syncs: the apps' JavaScript and the instrument JSON shrink about 4x.
  app.use(compression());
  app.use('/api', routeBase('/api'), sameOriginWrites(context.config));
  app.use('/api', healthRoutes(context.connection));
  app.use('/api', requireDatabase(context.database));
  app.use('/api', responseRoutes(context));
  // Before the 100 kB body limit: an uploaded questionnaire is larger.
  app.use('/api', instrumentRoutes(context));
  app.use('/api', express.json({ limit: '100kb' }), limitJsonDepth());
  app.use('/api', authRoutes(context), userRoutes(context), samplingPointRoutes(context), linkRoutes(context));
  app.use('/api', fieldworkRoutes(context), exportRoutes(context), differenceRoutes(context), estimateRoutes(context), complianceRoutes(context), reportRoutes(context), indicatorRoutes(context), weightingRoutes(context), adminRoutes(context));
  app.use('/api', reviewRoutes(context), qualityRoutes(context));
  app.use('/api', (request) => {
    throw problem('not-found', { route: `${request.method} ${request.originalUrl}` });
  });
  serveClient(app, context);
  app.use(errorHandler);
  return app;
}

/** The built client apps (npm run build:client); without a build the API still works. */
function serveClient(app: Express, context: AppContext): void {
  if (!fs.existsSync(clientDistDir)) return;
  app.use(capiAppRoutes(clientDistDir));
  app.use(respondentPageRoutes(context, clientDistDir));
  app.get(['/analyst', '/analyst/'], (_request, response) => response.sendFile(path.join(clientDistDir, 'analyst/index.html')));
  app.get(['/admin', '/admin/'], (_request, response) => response.sendFile(path.join(clientDistDir, 'admin/index.html')));
  // Built files with a content hash in their name never change: cached for a year, and sent as the
  // brotli or gzip file the build compressed beside them (stronger than compressing each request).
  app.use('/assets', expressStaticGzip(path.join(clientDistDir, 'assets'), { enableBrotli: true, orderPreference: ['br', 'gz'], index: false, serveStatic: { maxAge: '365d', immutable: true } }));
  app.use(express.static(clientDistDir, { index: 'index.html', maxAge: 0 }));
}
