import { z } from 'zod';

/** `?preview=true` on an upload or import: check the file and answer what it would change; store nothing. */
export const previewFlag = z.enum(['true', 'false']).default('false').transform((value) => value === 'true');
