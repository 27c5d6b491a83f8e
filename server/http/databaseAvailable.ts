import type { RequestHandler } from 'express';
import type { DatabaseWatch } from '../db/databaseWatch';
import { databaseUnavailable } from './errors';

/** While the database is known to be down, API requests answer 503 at once instead of each waiting for it. */
export function requireDatabase(watch: DatabaseWatch | undefined): RequestHandler {
  return (_request, _response, next) => next(watch && !watch.isUp() ? databaseUnavailable() : undefined);
}
