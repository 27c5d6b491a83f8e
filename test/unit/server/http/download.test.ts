import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pacedWriter } from '../../../../server/http/download';

/** A slow reader: 16-byte buffer, each chunk taken on the next tick. */
function slowSink(received: string[]): Writable {
  return new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk.toString());
      setImmediate(callback);
    },
  });
}

describe('pacedWriter: backpressure through one drain listener', () => {
  it('waits for the reader, keeps every write in order and never adds a drain listener per wait', async () => {
    const received: string[] = [];
    const sink = slowSink(received);
    const write = pacedWriter(sink);
    let waits = 0;
    for (let i = 0; i < 200; i++) {
      const written = write(`row ${i} of the export\n`);
      if (sink.writableNeedDrain) waits++;
      await written;
      expect(sink.writableLength).toBeLessThanOrEqual(16 + 30);
      expect(sink.listenerCount('drain')).toBe(1);
    }
    await new Promise<void>((resolve) => sink.end(resolve));
    expect(received.join('')).toBe(Array.from({ length: 200 }, (_, i) => `row ${i} of the export\n`).join(''));
    expect(waits).toBe(200);
  });

  it('rejects a write that waits when the download is closed, and every later write', async () => {
    const sink = new Writable({ highWaterMark: 4, write: () => undefined });
    const write = pacedWriter(sink);
    const pending = write('more than four bytes');
    sink.destroy();
    await expect(pending).rejects.toThrow(/closed before it ended/);
    await expect(write('again')).rejects.toThrow(/closed before it ended/);
  });
});
