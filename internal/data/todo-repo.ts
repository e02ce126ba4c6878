import { randomUUID } from "node:crypto";
import { inject, injectable } from "tsyringe";
import type { Context, NewTodo, Todo, TodoCursor, TodoPatch, TodoRepo } from "../biz/todo.js";
import { DatabaseToken, type Database } from "./database.js";
import type { TodoRow } from "./schema.js";

/** TodoRepo on SQL through Kysely; the same code runs on PostgreSQL and PGlite. */
@injectable()
export class SqlTodoRepo implements TodoRepo {
  constructor(@inject(DatabaseToken) private readonly database: Database) {}

  async create(_ctx: Context, todo: NewTodo): Promise<Todo> {
    const db = this.database.db;
    const inserted = await db
      .insertInto("todos")
      .values({ id: randomUUID(), title: todo.title, done: todo.done, request_id: todo.requestId ?? null })
      .onConflict((oc) => oc.column("request_id").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return toTodo(inserted);
    // The request_id was used before: return what that first call created.
    const existing = await db
      .selectFrom("todos")
      .selectAll()
      .where("request_id", "=", todo.requestId ?? "")
      .executeTakeFirstOrThrow();
    return toTodo(existing);
  }

  async get(_ctx: Context, id: string): Promise<Todo | undefined> {
    const row = await this.database.db.selectFrom("todos").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toTodo(row);
  }

  async list(_ctx: Context, limit: number, after?: TodoCursor): Promise<Todo[]> {
    let query = this.database.db.selectFrom("todos").selectAll();
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb("create_time", ">", after.createTime),
          eb.and([eb("create_time", "=", after.createTime), eb("id", ">", after.id)]),
        ]),
      );
    }
    const rows = await query.orderBy("create_time").orderBy("id").limit(limit).execute();
    return rows.map(toTodo);
  }

  async update(_ctx: Context, id: string, patch: TodoPatch): Promise<Todo | undefined> {
    const row = await this.database.db
      .updateTable("todos")
      .set((eb) => ({
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.done !== undefined && { done: patch.done }),
        update_time: eb.fn<Date>("now"),
      }))
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    return row && toTodo(row);
  }

  async delete(_ctx: Context, id: string): Promise<boolean> {
    const result = await this.database.db.deleteFrom("todos").where("id", "=", id).executeTakeFirst();
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
  };
}
