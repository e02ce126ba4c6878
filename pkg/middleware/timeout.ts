import { cancelled, deadlineExceeded } from "../errors/index.js";
import type { Middleware } from "./middleware.js";

/**
 * Ends a call when its context's signal aborts, even if the handler does not
 * watch the signal: 504 DEADLINE_EXCEEDED once the deadline has passed, 499
 * CANCELLED when the client went away. The handler's own work is not
 * interrupted (it should pass `ctx.signal` on), but the caller is answered.
 */
export function timeout(): Middleware {
  return (next) => (req, ctx) => {
    const { signal } = ctx;
    const abortError = () =>
      ctx.deadline !== undefined && Date.now() >= ctx.deadline ? deadlineExceeded() : cancelled();
    if (signal.aborted) return Promise.reject(abortError());
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(abortError());
      signal.addEventListener("abort", onAbort, { once: true });
      next(req, ctx)
        .then(resolve, reject)
        .finally(() => signal.removeEventListener("abort", onAbort));
    });
  };
}
