import type { Response } from 'express';

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
    console.error(error);
    response.destroy(error as Error);
  }
}
