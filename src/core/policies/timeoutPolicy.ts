// The timeout policy: a time limit on each attempt, from sending the request to the end of its body (the body
// policy reads it inside), combined with the caller's signal. When either fires, the attempt's fetch and body
// read are aborted, and the attempt rejects with a TimeoutError or with the caller's reason.
import { TimeoutError } from "../errors.js";
import { requestLabel } from "../networkError.js";
import type { PipelinePolicy } from "../pipeline.js";

/**
 * Makes the timeout policy for `timeoutMs` per attempt.
 *
 * @example
 * ```ts
 * const send = composePipeline([timeoutPolicy(30_000), bufferPolicy], fetchTransport(globalThis.fetch));
 * ```
 */
export function timeoutPolicy(timeoutMs: number): PipelinePolicy {
  return async (request, next) => {
    const caller = request.signal;
    caller?.throwIfAborted();
    const controller = new AbortController();
    const onAbort = () => controller.abort(caller?.reason);
    caller?.addEventListener("abort", onAbort); // removed below, whatever the outcome
    const timer = setTimeout(() => {
      const message = `${requestLabel(request)}: no complete response within ${timeoutMs} ms`;
      controller.abort(new TimeoutError(message, timeoutMs));
    }, timeoutMs);
    try {
      return await next({ ...request, signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) throw controller.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onAbort);
    }
  };
}
