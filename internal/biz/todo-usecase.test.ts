import { describe, expect, it } from "vitest";
import { isTodoEtagMismatch, isTodoInvalidPageToken, isTodoNotFound } from "../../api/todo/v1/error_reason_errors.js";
import type { Context } from "./context.js";
import type { NewTodo, Todo, TodoCursor, TodoPatch, TodoRepo, TodoStatsRepo } from "./todo.js";
import type { TodoEvents } from "./todo-events.js";
import { DEFAULT_PAGE_SIZE, TodoUsecase } from "./todo-usecase.js";
import type { UnitOfWork } from "./unit-of-work.js";

const ctx: Context = { signal: new AbortController().signal };

/** A TodoRepo in memory, in (createTime, id) order like the SQL one. */
class MemoryTodoRepo implements TodoRepo {
  readonly todos: Todo[] = [];
  private clock = Date.UTC(2026, 0, 1);

  async create(_ctx: Context, todo: NewTodo) {
    const time = new Date(this.clock++);
    const created = {
      id: `id-${this.todos.length.toString().padStart(4, "0")}`,
      title: todo.title,
      done: todo.done,
      createTime: time,
      updateTime: time,
      etag: "1",
    };
    this.todos.push(created);
    return { todo: created, created: true };
  }
  async get(_ctx: Context, id: string) {
    return this.todos.find((t) => t.id === id);
  }
  async lock(_ctx: Context, id: string) {
    return this.todos.find((t) => t.id === id);
  }
  async list(_ctx: Context, limit: number, after?: TodoCursor) {
    const start = after ? this.todos.findIndex((t) => t.id === after.id) + 1 : 0;
    return this.todos.slice(start, start + limit);
  }
  async update(_ctx: Context, id: string, patch: TodoPatch) {
    const index = this.todos.findIndex((t) => t.id === id);
    if (index < 0) return undefined;
    const current = this.todos[index]!;
    const updated = { ...current, ...patch, etag: String(Number(current.etag) + 1) };
    this.todos[index] = updated;
    return updated;
  }
  async delete(_ctx: Context, id: string) {
    const index = this.todos.findIndex((t) => t.id === id);
    if (index >= 0) this.todos.splice(index, 1);
    return index >= 0;
  }
}

/** Runs the work directly and counts the units of work. */
class CountingUnitOfWork implements UnitOfWork {
  runs = 0;
  run<C extends Context, T>(ctx: C, fn: (ctx: C) => Promise<T>): Promise<T> {
    this.runs++;
    return fn(ctx);
  }
}

/** TodoEvents that records what it was told. */
class RecordingEvents implements TodoEvents {
  readonly recorded: string[] = [];
  async created(_ctx: Context, todo: Todo) {
    this.recorded.push(`created ${todo.id}`);
  }
  async updated(_ctx: Context, todo: Todo, previous: Todo) {
    this.recorded.push(`updated ${todo.id} ${previous.etag}->${todo.etag}`);
  }
  async deleted(_ctx: Context, todo: Todo) {
    this.recorded.push(`deleted ${todo.id}`);
  }
}

const noStats: TodoStatsRepo = { get: () => Promise.resolve({ openCount: 0, doneCount: 0 }) };

async function seeded(
  count: number,
): Promise<{ usecase: TodoUsecase; repo: MemoryTodoRepo; events: RecordingEvents; uow: CountingUnitOfWork }> {
  const repo = new MemoryTodoRepo();
  for (let i = 0; i < count; i++) await repo.create(ctx, { title: `t${i}`, done: false });
  const events = new RecordingEvents();
  const uow = new CountingUnitOfWork();
  return { usecase: new TodoUsecase(repo, uow, events, noStats), repo, events, uow };
}

describe("TodoUsecase", () => {
  it("raises TODO_NOT_FOUND for a missing todo on get, update and delete", async () => {
    const { usecase } = await seeded(0);
    for (const call of [usecase.get(ctx, "x"), usecase.update(ctx, "x", { done: true }), usecase.delete(ctx, "x")]) {
      const error = await call.catch((err: unknown) => err);
      expect(isTodoNotFound(error)).toBe(true);
      expect(error).toMatchObject({ code: 404, metadata: { id: "x" } });
    }
  });

  it("pages with a next token until the last page, which has none", async () => {
    const { usecase, repo } = await seeded(45);
    const sizes: number[] = [];
    const ids: string[] = [];
    let token = "";
    do {
      const page = await usecase.list(ctx, 20, token);
      sizes.push(page.todos.length);
      ids.push(...page.todos.map((t) => t.id));
      token = page.nextPageToken;
    } while (token !== "");
    expect(sizes).toEqual([20, 20, 5]);
    expect(ids).toEqual(repo.todos.map((t) => t.id));
  });

  it("has no next page when the last page is exactly full", async () => {
    const { usecase } = await seeded(20);
    expect((await usecase.list(ctx, 20, "")).nextPageToken).toBe("");
  });

  it("uses the default page size for 0", async () => {
    const { usecase } = await seeded(DEFAULT_PAGE_SIZE + 5);
    expect((await usecase.list(ctx, 0, "")).todos).toHaveLength(DEFAULT_PAGE_SIZE);
  });

  it.each([
    "garbage",
    Buffer.from('["not a time","id"]').toString("base64url"),
    Buffer.from("[1,2]").toString("base64url"),
  ])("rejects the page token %j with TODO_INVALID_PAGE_TOKEN", async (token) => {
    const { usecase } = await seeded(1);
    const error = await usecase.list(ctx, 10, token).catch((err: unknown) => err);
    expect(isTodoInvalidPageToken(error)).toBe(true);
    expect(error).toMatchObject({ code: 400, metadata: { field: "page_token" } });
  });

  it("records an event for each change, each in a unit of work", async () => {
    const { usecase, events, uow } = await seeded(0);
    const todo = await usecase.create(ctx, { title: "a", done: false });
    await usecase.update(ctx, todo.id, { done: true });
    await usecase.delete(ctx, todo.id);
    expect(events.recorded).toEqual([`created ${todo.id}`, `updated ${todo.id} 1->2`, `deleted ${todo.id}`]);
    expect(uow.runs).toBe(3);
  });

  it("rejects a stale etag with TODO_ETAG_MISMATCH and changes nothing", async () => {
    const { usecase, repo, events } = await seeded(1);
    const todo = repo.todos[0]!;
    const updated = await usecase.update(ctx, todo.id, { title: "new" }, todo.etag);
    for (const call of [
      usecase.update(ctx, todo.id, { title: "lost" }, todo.etag),
      usecase.delete(ctx, todo.id, "1"),
    ]) {
      const error = await call.catch((err: unknown) => err);
      expect(isTodoEtagMismatch(error)).toBe(true);
      expect(error).toMatchObject({ code: 409, metadata: { id: todo.id } });
    }
    expect(repo.todos[0]).toEqual(updated);
    expect(events.recorded).toHaveLength(1);
    await usecase.delete(ctx, todo.id, updated.etag);
    expect(repo.todos).toHaveLength(0);
  });
});
