import { inject, injectable } from "tsyringe";
import { errorTodoEtagMismatch, errorTodoNotFound } from "../../api/todo/v1/error_reason_errors.js";
import { decodePageToken, encodePageToken } from "./todo-page-token.js";
import { TodoEventsToken, type TodoEvents } from "./todo-events.js";
import {
  TodoRepoToken,
  TodoStatsRepoToken,
  type NewTodo,
  type Todo,
  type TodoPatch,
  type TodoRepo,
  type TodoStats,
  type TodoStatsRepo,
} from "./todo.js";
import type { Context } from "./context.js";
import { UnitOfWorkToken, type UnitOfWork } from "./unit-of-work.js";

/** Page size used when a caller asks for 0. */
export const DEFAULT_PAGE_SIZE = 20;

/** One page of todos and the token of the next, empty on the last page. */
export interface TodoPage {
  readonly todos: readonly Todo[];
  readonly nextPageToken: string;
}

/**
 * The todo use cases: the rules of the domain, independent of transport and
 * storage. Every change and its event commit together in one unit of work.
 */
@injectable()
export class TodoUsecase {
  constructor(
    @inject(TodoRepoToken) private readonly repo: TodoRepo,
    @inject(UnitOfWorkToken) private readonly uow: UnitOfWork,
    @inject(TodoEventsToken) private readonly events: TodoEvents,
    @inject(TodoStatsRepoToken) private readonly statsRepo: TodoStatsRepo,
  ) {}

  /** Creates a todo (idempotent per requestId: a repeat returns the first todo and publishes nothing). */
  create(ctx: Context, todo: NewTodo): Promise<Todo> {
    return this.uow.run(ctx, async (tx) => {
      const { todo: stored, created } = await this.repo.create(tx, todo);
      if (created) await this.events.created(tx, stored);
      return stored;
    });
  }

  /** The todo with this id; TODO_NOT_FOUND when there is none. */
  async get(ctx: Context, id: string): Promise<Todo> {
    return (await this.repo.get(ctx, id)) ?? notFound(id);
  }

  /** A page of todos, oldest first. */
  async list(ctx: Context, pageSize: number, pageToken: string): Promise<TodoPage> {
    const size = pageSize > 0 ? pageSize : DEFAULT_PAGE_SIZE;
    const after = pageToken === "" ? undefined : decodePageToken(pageToken);
    // One more than asked tells whether another page follows.
    const rows = await this.repo.list(ctx, size + 1, after);
    const todos = rows.slice(0, size);
    const last = todos.at(-1);
    const nextPageToken = rows.length > size && last ? encodePageToken(last) : "";
    return { todos, nextPageToken };
  }

  /**
   * Applies the patch; TODO_NOT_FOUND when there is no such todo,
   * TODO_ETAG_MISMATCH when `etag` is set and is not the todo's current one.
   */
  update(ctx: Context, id: string, patch: TodoPatch, etag = ""): Promise<Todo> {
    return this.uow.run(ctx, async (tx) => {
      const previous = checkEtag((await this.repo.lock(tx, id)) ?? notFound(id), etag);
      const updated = (await this.repo.update(tx, id, patch)) ?? notFound(id);
      await this.events.updated(tx, updated, previous);
      return updated;
    });
  }

  /** Deletes a todo; TODO_NOT_FOUND when there is none, TODO_ETAG_MISMATCH for a stale `etag`. */
  delete(ctx: Context, id: string, etag = ""): Promise<void> {
    return this.uow.run(ctx, async (tx) => {
      const previous = checkEtag((await this.repo.lock(tx, id)) ?? notFound(id), etag);
      if (!(await this.repo.delete(tx, id))) notFound(id);
      await this.events.deleted(tx, previous);
    });
  }

  /** How many todos are open and done, from the read model the event consumer keeps. */
  stats(ctx: Context): Promise<TodoStats> {
    return this.statsRepo.get(ctx);
  }
}

function notFound(id: string): never {
  throw errorTodoNotFound(`todo ${JSON.stringify(id)} not found`, { id });
}

/** The todo, if `etag` is empty or its current etag. */
function checkEtag(todo: Todo, etag: string): Todo {
  if (etag !== "" && etag !== todo.etag) {
    throw errorTodoEtagMismatch(`todo ${JSON.stringify(todo.id)} was changed since it was read (etag ${etag})`, {
      id: todo.id,
      etag: todo.etag,
    });
  }
  return todo;
}
