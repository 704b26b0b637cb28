// Work handles: a promise that also says whether it settled.
import type { Work } from './process-group.js';

/** Wraps a promise as a Work; a rejection nobody waits for is not reported as unhandled (the wait() promise still rejects). */
export function toWork<T>(promise: Promise<T>): Work<T> {
  let completed = false;
  const settled = promise.finally(() => {
    completed = true;
  });
  settled.catch(() => {});
  return {
    wait: () => settled,
    get completed() {
      return completed;
    },
  };
}
