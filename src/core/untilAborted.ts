/**
 * Waits for `pending`, or rejects with the signal's reason as soon as it aborts. The work itself goes on: a
 * login shared by every request waiting for it must not be cancelled by one caller's abort; that caller stops
 * waiting instead.
 *
 * @example
 * ```ts
 * const token = await untilAborted(session.current(), request.signal);
 * ```
 */
export function untilAborted<T>(pending: Promise<T>, signal: AbortSignal | null): Promise<T> {
  if (!signal) return pending;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
