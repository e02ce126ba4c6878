import { inject, injectable } from "tsyringe";
import { errorTodoNotFound } from "../../api/todo/v1/error_reason_errors.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import { TodoRepoToken, type Context, type NewTodo, type Todo, type TodoPatch, type TodoRepo } from "./todo.js";

/** Page size used when a caller asks for 0. */
export const DEFAULT_PAGE_SIZE = 20;

/** One page of todos and the token of the next, empty on the last page. */
export interface TodoPage {
  readonly todos: readonly Todo[];
  readonly nextPageToken: string;
}

/** The todo use cases: the rules of the domain, independent of transport and storage. */
@injectable()
export class TodoUsecase {
  constructor(@inject(TodoRepoToken) private readonly repo: TodoRepo) {}

  /** Creates a todo (idempotent per requestId). */
  create(ctx: Context, todo: NewTodo): Promise<Todo> {
    return this.repo.create(ctx, todo);
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

  /** Applies the patch; TODO_NOT_FOUND when there is no such todo. */
  async update(ctx: Context, id: string, patch: TodoPatch): Promise<Todo> {
    return (await this.repo.update(ctx, id, patch)) ?? notFound(id);
  }

  /** Deletes a todo; TODO_NOT_FOUND when there is none. */
  async delete(ctx: Context, id: string): Promise<void> {
    if (!(await this.repo.delete(ctx, id))) notFound(id);
  }
}

function notFound(id: string): never {
  throw errorTodoNotFound(`todo ${JSON.stringify(id)} not found`, { id });
}
