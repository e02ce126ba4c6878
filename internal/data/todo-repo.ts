import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { inject, injectable } from "tsyringe";
import type { Context } from "../biz/context.js";
import type { NewTodo, Todo, TodoCursor, TodoPatch, TodoRepo } from "../biz/todo.js";
import type { UnitOfWork } from "../../pkg/data/index.js";
import { SqlUnitOfWorkToken } from "./tokens.js";
import type { Tables } from "./schema.js";
import type { TodoRow } from "./todo-schema.js";
import { TodoCache } from "./todo-cache.js";

/**
 * TodoRepo on SQL through Kysely; the same code runs on PostgreSQL and PGlite.
 * Every statement joins the context's transaction when there is one. `get` is
 * cache-aside; writes invalidate the cached todo once their transaction commits.
 */
@injectable()
export class SqlTodoRepo implements TodoRepo {
  constructor(
    @inject(SqlUnitOfWorkToken) private readonly uow: UnitOfWork<Tables>,
    @inject(TodoCache) private readonly cache: TodoCache,
  ) {}

  async create(ctx: Context, todo: NewTodo): Promise<{ todo: Todo; created: boolean }> {
    return this.uow.query(ctx, async (db) => {
      const inserted = await db
        .insertInto("todos")
        .values({ id: randomUUID(), title: todo.title, done: todo.done, request_id: todo.requestId ?? null })
        .onConflict((oc) => oc.column("request_id").doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { todo: toTodo(inserted), created: true };
      // The request_id was used before: return what that first call created.
      const existing = await db
        .selectFrom("todos")
        .selectAll()
        .where("request_id", "=", todo.requestId ?? "")
        .executeTakeFirstOrThrow();
      return { todo: toTodo(existing), created: false };
    });
  }

  get(ctx: Context, id: string): Promise<Todo | undefined> {
    return this.cache.getOrLoad(id, () =>
      this.uow.query(ctx, async (db) => {
        const row = await db.selectFrom("todos").selectAll().where("id", "=", id).executeTakeFirst();
        return row && toTodo(row);
      }),
    );
  }

  async lock(ctx: Context, id: string): Promise<Todo | undefined> {
    const row = await this.uow.query(ctx, (db) =>
      db.selectFrom("todos").selectAll().where("id", "=", id).forUpdate().executeTakeFirst(),
    );
    return row && toTodo(row);
  }

  async list(ctx: Context, limit: number, after?: TodoCursor): Promise<Todo[]> {
    const rows = await this.uow.query(ctx, (db) => {
      let query = db.selectFrom("todos").selectAll();
      if (after) {
        query = query.where((eb) =>
          eb.or([
            eb("create_time", ">", after.createTime),
            eb.and([eb("create_time", "=", after.createTime), eb("id", ">", after.id)]),
          ]),
        );
      }
      return query.orderBy("create_time").orderBy("id").limit(limit).execute();
    });
    return rows.map(toTodo);
  }

  async update(ctx: Context, id: string, patch: TodoPatch): Promise<Todo | undefined> {
    const row = await this.uow.query(ctx, (db) =>
      db
        .updateTable("todos")
        .set((eb) => ({
          ...(patch.title !== undefined && { title: patch.title }),
          ...(patch.done !== undefined && { done: patch.done }),
          update_time: eb.fn<Date>("now"),
          version: sql<number>`version + 1`,
        }))
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirst(),
    );
    await this.uow.afterCommit(ctx, () => this.cache.invalidate(id));
    return row && toTodo(row);
  }

  async delete(ctx: Context, id: string): Promise<boolean> {
    const result = await this.uow.query(ctx, (db) => db.deleteFrom("todos").where("id", "=", id).executeTakeFirst());
    await this.uow.afterCommit(ctx, () => this.cache.invalidate(id));
    return result.numDeletedRows > 0n;
  }
}

function toTodo(row: TodoRow): Todo {
  return {
    id: row.id,
    title: row.title,
    done: row.done,
    createTime: new Date(row.create_time),
    updateTime: new Date(row.update_time),
    etag: String(row.version),
  };
}
