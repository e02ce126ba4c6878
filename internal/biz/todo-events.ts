import type { Context } from "./context.js";
import type { Todo } from "./todo.js";

/**
 * Records what happened to todos as events, in the context's transaction, so
 * an event is published exactly when its change committed (the data layer
 * writes them to the transactional outbox).
 */
export interface TodoEvents {
  /** A todo was created. */
  created(ctx: Context, todo: Todo): Promise<void>;
  /** A todo changed from `previous` to `todo`. */
  updated(ctx: Context, todo: Todo, previous: Todo): Promise<void>;
  /** A todo was deleted; `todo` is its last state. */
  deleted(ctx: Context, todo: Todo): Promise<void>;
}

/** The injection token of the TodoEvents. */
export const TodoEventsToken = Symbol("TodoEvents");
