/**
 * Waits `ms` milliseconds, or rejects with the signal's reason as soon as it aborts (clearing the timer, so
 * nothing is left pending).
 *
 * @example
 * ```ts
 * await sleep(1_000, AbortSignal.timeout(5_000));
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
