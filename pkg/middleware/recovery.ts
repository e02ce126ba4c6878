import { toStrataError } from "../errors/index.js";
import type { Middleware } from "./middleware.js";

/**
 * The outermost middleware: anything a handler throws or rejects with that is
 * not a StrataError (a bug, a driver error) becomes a 500 INTERNAL whose
 * message reveals nothing and whose cause is what was thrown. StrataErrors pass
 * through as they are. It reports nothing itself: the access log (the logging
 * middleware, further in) is where an unexpected error is written, once, with
 * its stack.
 */
export function recovery(): Middleware {
  return (next) => (req, ctx) => {
    try {
      return next(req, ctx).then(undefined, recover);
    } catch (err) {
      // A handler that threw instead of rejecting.
      return Promise.reject(toStrataError(err));
    }
  };
}

function recover(err: unknown): never {
  throw toStrataError(err);
}
