import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase, type TestDatabase } from "../../test/support/database-url.js";
import { Database } from "./database.js";
import { migrationProvider } from "./migrations/index.js";
import { TODO_MIGRATIONS } from "./migrations/todo.js";
import { MemoryCache } from "../../pkg/cache/index.js";
import { UnitOfWork } from "../../pkg/data/index.js";
import type { Tables } from "./schema.js";
import { SqlTodoRepo } from "./todo-repo.js";
import { TodoCache } from "./todo-cache.js";

const ctx = { signal: new AbortController().signal };

describe(`SqlTodoRepo on ${process.env["DATABASE_URL"] ? "PostgreSQL" : "PGlite"}`, () => {
  let target: TestDatabase;
  let database: Database;
  let repo: SqlTodoRepo;

  beforeAll(async () => {
    target = await testDatabase();
    database = new Database(
      { url: target.url, dataDir: "", poolSize: 4, migrate: true },
      migrationProvider(TODO_MIGRATIONS),
    );
    await database.start();
    const uow = new UnitOfWork<Tables>({ db: () => database.db });
    repo = new SqlTodoRepo(uow, new TodoCache(new MemoryCache(), { cacheTtl: 60_000 }));
  });

  afterAll(async () => {
    await database.stop();
    await target.drop();
  });

  it("creates and reads back a todo with server-assigned id and times", async () => {
    const { todo: created } = await repo.create(ctx, { title: "write tests", done: false });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.createTime).toBeInstanceOf(Date);
    expect(await repo.get(ctx, created.id)).toEqual(created);
  });

  it("returns the first todo for a repeated request id, with no second row", async () => {
    const first = await repo.create(ctx, { title: "once", done: false, requestId: "req-1" });
    const again = await repo.create(ctx, { title: "twice", done: true, requestId: "req-1" });
    expect(again).toEqual({ todo: first.todo, created: false });
    expect(first.created).toBe(true);
    const all = await repo.list(ctx, 1000);
    expect(all.filter((t) => t.title === "once" || t.title === "twice")).toHaveLength(1);
  });

  it("lists in (createTime, id) order after a cursor", async () => {
    const all = await repo.list(ctx, 1000);
    const [first, ...rest] = all;
    expect(first).toBeDefined();
    const after = await repo.list(ctx, 1000, first);
    expect(after.map((t) => t.id)).toEqual(rest.map((t) => t.id));
  });

  it("patches only the given fields and moves update_time", async () => {
    const { todo } = await repo.create(ctx, { title: "patch me", done: false });
    const updated = await repo.update(ctx, todo.id, { done: true });
    expect(updated).toMatchObject({ id: todo.id, title: "patch me", done: true });
    expect(updated!.updateTime.getTime()).toBeGreaterThanOrEqual(todo.updateTime.getTime());
    expect(updated!.etag).not.toBe(todo.etag);
    expect(await repo.update(ctx, "missing", { done: true })).toBeUndefined();
  });

  it("deletes once", async () => {
    const { todo } = await repo.create(ctx, { title: "delete me", done: false });
    expect(await repo.delete(ctx, todo.id)).toBe(true);
    expect(await repo.delete(ctx, todo.id)).toBe(false);
    expect(await repo.get(ctx, todo.id)).toBeUndefined();
  });

  it("migrates idempotently", async () => {
    await expect(database.migrate()).resolves.toEqual([]);
  });
});

describe("Database", () => {
  it("fails to start with a message naming the unreachable database, password hidden", async () => {
    const database = new Database(
      {
        url: "postgres://u:secret@127.0.0.1:1/none",
        dataDir: "",
        poolSize: 1,
        migrate: true,
      },
      migrationProvider(TODO_MIGRATIONS),
    );
    const error = (await database.start().catch((err: unknown) => err)) as Error;
    expect(error.message).toMatch(/^database postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/none is unreachable/);
    expect(error.message).not.toContain("secret");
  });
});
