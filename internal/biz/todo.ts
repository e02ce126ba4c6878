import type { CallContext } from "../../pkg/transport/context.js";

/** A thing to do, as the domain sees it. */
export interface Todo {
  readonly id: string;
  readonly title: string;
  readonly done: boolean;
  readonly createTime: Date;
  readonly updateTime: Date;
}

/** What creating a todo takes. */
export interface NewTodo {
  readonly title: string;
  readonly done: boolean;
  /** Makes creation idempotent: the same requestId yields the same todo. */
  readonly requestId?: string;
}

/** The fields an update may change; absent fields stay as they are. */
export interface TodoPatch {
  readonly title?: string;
  readonly done?: boolean;
}

/** Where a page of todos starts: after this todo in (createTime, id) order. */
export interface TodoCursor {
  readonly createTime: Date;
  readonly id: string;
}

/** The context a use case or repository call runs in. */
export type Context = Pick<CallContext, "signal">;

/**
 * Storage of todos, implemented by the data layer. biz owns this interface and
 * its token (dependency inversion): the data layer depends on biz, not the reverse.
 */
export interface TodoRepo {
  /** Stores a new todo; with a requestId already used, returns the todo stored then. */
  create(ctx: Context, todo: NewTodo): Promise<Todo>;
  /** The todo with this id, or undefined. */
  get(ctx: Context, id: string): Promise<Todo | undefined>;
  /** Up to `limit` todos in (createTime, id) order, starting after `after`. */
  list(ctx: Context, limit: number, after?: TodoCursor): Promise<Todo[]>;
  /** Applies the patch; undefined when no todo has this id. */
  update(ctx: Context, id: string, patch: TodoPatch): Promise<Todo | undefined>;
  /** Deletes the todo; false when no todo has this id. */
  delete(ctx: Context, id: string): Promise<boolean>;
}

/** The injection token of the TodoRepo. */
export const TodoRepoToken = Symbol("TodoRepo");
