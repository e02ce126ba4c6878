import type { Context } from "./context.js";

/**
 * Runs use-case steps in one transaction, without biz knowing SQL: repository
 * calls made with the context `fn` receives join it; it commits when `fn`
 * resolves and rolls back when it throws. Implemented by the data layer.
 */
export interface UnitOfWork {
  /** Runs `fn` in a transaction (or the one ctx already carries). */
  run<C extends Context, T>(ctx: C, fn: (ctx: C) => Promise<T>): Promise<T>;
}

/** The injection token of the UnitOfWork. */
export const UnitOfWorkToken = Symbol("UnitOfWork");
