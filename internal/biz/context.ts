import type { CallContext } from "../../pkg/transport/context.js";

/**
 * The context a use case or repository call runs in: the caller's signal,
 * which carries its deadline and cancellation down to the database.
 */
export type Context = Pick<CallContext, "signal">;
