import type { Logger } from "../../pkg/log/logger.js";
import type { CallContext } from "../../pkg/transport/context.js";

/**
 * The servers' `onError`: what fails in a transport itself, outside the
 * middleware chain (a reply that could not be sent), as an error line with
 * its stack. Handler errors never come here: the access line reports them.
 */
export function logTransportError(logger: Logger): (err: unknown, ctx: CallContext | undefined) => void {
  return (err, ctx) => logger.error({ err, kind: ctx?.kind, operation: ctx?.operation }, "transport error");
}
