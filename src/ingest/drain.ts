import type { BodyPace } from './pace.js';
import { UploadError } from './records.js';

/**
 * The uploads in flight in one server, so that a shutdown can let them finish: `drain`
 * refuses new uploads (SHUTTING_DOWN), waits up to `ms` for those running, then aborts the
 * ones still reading their body (SHUTTING_DOWN, nothing committed) and waits for them to
 * answer.
 */
export class UploadDrain {
  private readonly running = new Map<BodyPace, Promise<unknown>>();
  private closing = false;

  /** Runs one upload under the drain; refused with SHUTTING_DOWN once shutdown began. */
  async run<T>(pace: BodyPace, upload: () => Promise<T>): Promise<T> {
    if (this.closing) throw shuttingDown();
    const done = upload();
    this.running.set(pace, done);
    try {
      return await done;
    } finally {
      this.running.delete(pace);
    }
  }

  async drain(ms: number): Promise<void> {
    this.closing = true;
    const settled = () => Promise.allSettled([...this.running.values()]);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ms);
    });
    const outcome = await Promise.race([settled(), timeout]);
    clearTimeout(timer);
    if (outcome !== 'timeout') return;
    for (const pace of this.running.keys()) pace.abort(shuttingDown());
    await settled();
  }
}

function shuttingDown(): UploadError {
  return new UploadError('SHUTTING_DOWN', 'The service is shutting down; nothing was stored');
}
