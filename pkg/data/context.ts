import type { Kysely } from "kysely";
import { deriveContext } from "../transport/context.js";

/** What a unit of work needs of the caller's context: the signal that cancels its statements. */
export interface DataContext {
  /** Aborts when the call's deadline passes or its client goes away. */
  readonly signal: AbortSignal;
}

/** Runs after a transaction commits. */
export type CommitHook = () => void | Promise<void>;

/** The transaction a context carries: its query builder and what to run once it commits. */
export interface AmbientTransaction {
  /** The transaction's query builder (a Kysely bound to its connection). */
  readonly db: Kysely<unknown>;
  /** Run in order after the commit, never after a rollback. */
  readonly hooks: CommitHook[];
}

// A symbol key: invisible to JSON and to other code.
const TRANSACTION = Symbol("strata.data.transaction");

/** A context carrying a transaction. */
type WithTransaction = DataContext & { readonly [TRANSACTION]?: AmbientTransaction };

/** The transaction `ctx` carries, if any. */
export function transactionOf(ctx: DataContext): AmbientTransaction | undefined {
  return (ctx as WithTransaction)[TRANSACTION];
}

/** A context derived from `ctx` that carries `tx`; everything else in ctx is kept. */
export function withTransaction<C extends DataContext>(ctx: C, tx: AmbientTransaction): C {
  return deriveContext(ctx, { [TRANSACTION]: tx });
}
