import type { Context } from "./context.js";

/** A thing to do, as the domain sees it. */
export interface Todo {
  readonly id: string;
  readonly title: string;
  readonly done: boolean;
  readonly createTime: Date;
  readonly updateTime: Date;
  /** Changes on every change of the todo (AIP-154): what optimistic concurrency compares. */
  readonly etag: string;
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

/**
 * Storage of todos, implemented by the data layer. biz owns this interface and
 * its token (dependency inversion): the data layer depends on biz, not the reverse.
 */
export interface TodoRepo {
  /** Stores a new todo; with a requestId already used, returns the todo stored then (`created` false). */
  create(ctx: Context, todo: NewTodo): Promise<{ todo: Todo; created: boolean }>;
  /** The todo with this id, or undefined (may be served from a cache). */
  get(ctx: Context, id: string): Promise<Todo | undefined>;
  /** The todo with this id, read from the database and locked until ctx's transaction ends; undefined if none. */
  lock(ctx: Context, id: string): Promise<Todo | undefined>;
  /** Up to `limit` todos in (createTime, id) order, starting after `after`. */
  list(ctx: Context, limit: number, after?: TodoCursor): Promise<Todo[]>;
  /** Applies the patch; undefined when no todo has this id. */
  update(ctx: Context, id: string, patch: TodoPatch): Promise<Todo | undefined>;
  /** Deletes the todo; false when no todo has this id. */
  delete(ctx: Context, id: string): Promise<boolean>;
}

/** The injection token of the TodoRepo. */
export const TodoRepoToken = Symbol("TodoRepo");

/** Counts of todos by state: the read model the todo_stats consumer keeps. */
export interface TodoStats {
  readonly openCount: number;
  readonly doneCount: number;
}

/** Reads the todo_stats read model, implemented by the data layer. */
export interface TodoStatsRepo {
  /** The current counts (eventually consistent with the todos table). */
  get(ctx: Context): Promise<TodoStats>;
}

/** The injection token of the TodoStatsRepo. */
export const TodoStatsRepoToken = Symbol("TodoStatsRepo");
