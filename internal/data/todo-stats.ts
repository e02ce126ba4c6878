import { sql } from "kysely";
import { inject, injectable } from "tsyringe";
import { TodoCreatedSchema, TodoDeletedSchema, TodoUpdatedSchema } from "../../api/todo/v1/events_pb.js";
import type { Context } from "../biz/context.js";
import type { TodoStats, TodoStatsRepo } from "../biz/todo.js";
import type { DataContext, UnitOfWork } from "../../pkg/data/index.js";
import type { EventConsumers } from "../../pkg/events/index.js";
import type { Tables } from "./schema.js";
import { SqlUnitOfWorkToken } from "./tokens.js";

/** The consumer name of the todo_stats projection (its inbox and durable subscriptions). */
export const TODO_STATS_CONSUMER = "todo_stats";

/**
 * The todo_stats read model (a small CQRS query side): counts kept by
 * consuming TodoCreated/Updated/Deleted, read by GetTodoStats.
 */
@injectable()
export class SqlTodoStatsRepo implements TodoStatsRepo {
  constructor(@inject(SqlUnitOfWorkToken) private readonly uow: UnitOfWork<Tables>) {}

  async get(ctx: Context): Promise<TodoStats> {
    const row = await this.uow.query(ctx, (db) =>
      db.selectFrom("todo_stats").select(["open_count", "done_count"]).where("id", "=", 1).executeTakeFirst(),
    );
    return { openCount: Number(row?.open_count ?? 0), doneCount: Number(row?.done_count ?? 0) };
  }

  /** Adds to the counts, in ctx's transaction (the consumer's, with its inbox row). */
  async add(ctx: DataContext, open: number, done: number): Promise<void> {
    if (open === 0 && done === 0) return;
    await this.uow.query(ctx, (db) =>
      db
        .updateTable("todo_stats")
        .set({ open_count: sql`open_count + ${open}`, done_count: sql`done_count + ${done}` })
        .where("id", "=", 1)
        .execute(),
    );
  }

  /**
   * Subscribes the projection to the todo events. The deltas commute, so the
   * order events arrive in does not matter; the inbox makes each count once.
   */
  subscribe(consumers: EventConsumers): void {
    consumers.subscribe(TODO_STATS_CONSUMER, TodoCreatedSchema, (ctx, event) =>
      this.add(ctx, ...delta(event.todo?.done, +1)),
    );
    consumers.subscribe(TODO_STATS_CONSUMER, TodoUpdatedSchema, async (ctx, event) => {
      const [open1, done1] = delta(event.previous?.done, -1);
      const [open2, done2] = delta(event.todo?.done, +1);
      await this.add(ctx, open1 + open2, done1 + done2);
    });
    consumers.subscribe(TODO_STATS_CONSUMER, TodoDeletedSchema, (ctx, event) =>
      this.add(ctx, ...delta(event.todo?.done, -1)),
    );
  }
}

/** [open, done] change of one todo in this state entering (+1) or leaving (-1) the counts. */
function delta(done: boolean | undefined, sign: 1 | -1): [number, number] {
  return done ? [0, sign] : [sign, 0];
}
