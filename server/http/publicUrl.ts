import type { Request } from 'express';
import type { AppContext } from '../app';

/**
 * Where phones and tablets reach this server: PUBLIC_URL, or else the address this request came in on
 * (fine on a laptop, wrong behind a proxy or for a printed poster: the console warns when it is unset).
 */
export function publicBaseUrl(context: AppContext, request: Request): string {
  return context.config.PUBLIC_URL ?? `${request.protocol}://${request.get('host')}`;
}
