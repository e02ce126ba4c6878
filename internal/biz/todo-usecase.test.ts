import { describe, expect, it } from "vitest";
import { isTodoInvalidPageToken, isTodoNotFound } from "../../api/todo/v1/error_reason_errors.js";
import type { Context, NewTodo, Todo, TodoCursor, TodoPatch, TodoRepo } from "./todo.js";
import { DEFAULT_PAGE_SIZE, TodoUsecase } from "./todo-usecase.js";

const ctx: Context = { signal: new AbortController().signal };

/** A TodoRepo in memory, in (createTime, id) order like the SQL one. */
class MemoryTodoRepo implements TodoRepo {
  readonly todos: Todo[] = [];
  private clock = Date.UTC(2026, 0, 1);

  async create(_ctx: Context, todo: NewTodo): Promise<Todo> {
    const time = new Date(this.clock++);
    const created = {
      id: `id-${this.todos.length.toString().padStart(4, "0")}`,
      title: todo.title,
      done: todo.done,
      createTime: time,
      updateTime: time,
    };
    this.todos.push(created);
    return created;
  }
  async get(_ctx: Context, id: string) {
    return this.todos.find((t) => t.id === id);
  }
  async list(_ctx: Context, limit: number, after?: TodoCursor) {
    const start = after ? this.todos.findIndex((t) => t.id === after.id) + 1 : 0;
    return this.todos.slice(start, start + limit);
  }
  async update(_ctx: Context, id: string, patch: TodoPatch) {
    const index = this.todos.findIndex((t) => t.id === id);
    if (index < 0) return undefined;
    const updated = { ...this.todos[index]!, ...patch };
    this.todos[index] = updated;
    return updated;
  }
  async delete(_ctx: Context, id: string) {
    const index = this.todos.findIndex((t) => t.id === id);
    if (index >= 0) this.todos.splice(index, 1);
    return index >= 0;
  }
}

async function seeded(count: number): Promise<{ usecase: TodoUsecase; repo: MemoryTodoRepo }> {
  const repo = new MemoryTodoRepo();
  for (let i = 0; i < count; i++) await repo.create(ctx, { title: `t${i}`, done: false });
  return { usecase: new TodoUsecase(repo), repo };
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
});
