import type { Writable } from 'node:stream';
import type { Response } from 'express';
import { logOf } from './requestLog';

/**
 * Sends a streamed file. Once the first bytes are out, a failure can no longer become a JSON error, so
 * the connection is cut instead: the client sees a broken download, never a complete-looking wrong file.
 */
export async function sendDownload(response: Response, file: { name: string; type: string }, write: (output: Response) => Promise<unknown>): Promise<void> {
  response.status(200);
  response.type(file.type);
  response.attachment(file.name);
  try {
    await write(response);
    response.end();
  } catch (error) {
    if (!response.headersSent) throw error;
    logOf(response).error({ err: error }, 'download failed after it started');
    response.destroy(error as Error);
  }
}

/**
 * Writes that wait for the reader (backpressure) through one 'drain' listener for the whole download:
 * the compression middleware hands a response's 'drain' listeners to its gzip stream but not their
 * removal, so a listener per wait (events.once) piled up there (MaxListenersExceededWarning in
 * bench:export). A download closed by the client rejects the pending and later writes instead of waiting forever.
 */
export function pacedWriter(output: Writable): (text: string) => Promise<void> {
  let waiting: { resolve: () => void; reject: (error: Error) => void } | undefined;
  let closed = false;
  output.on('drain', () => {
    waiting?.resolve();
    waiting = undefined;
  });
  output.once('close', () => {
    closed = true;
    waiting?.reject(new Error('the download was closed before it ended'));
    waiting = undefined;
  });
  return async (text) => {
    if (closed) throw new Error('the download was closed before it ended');
    if (!output.write(text)) await new Promise<void>((resolve, reject) => (waiting = { resolve, reject }));
  };
}
