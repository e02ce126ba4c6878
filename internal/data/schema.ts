import type { Generated, Selectable } from "kysely";
import type { EventTables } from "../../pkg/events/index.js";

/** The `todos` table. */
export interface TodosTable {
  id: string;
  title: string;
  done: boolean;
  request_id: string | null;
  create_time: Generated<Date>;
  update_time: Generated<Date>;
  /** Bumped by every update: the etag. */
  version: Generated<number>;
}

/** `todo_stats`: the read model the todo_stats consumer keeps (one row, id 1). */
export interface TodoStatsTable {
  id: number;
  open_count: string | number | bigint;
  done_count: string | number | bigint;
}

/** Every table of the service's database, for Kysely's typing; the kit's outbox and inbox included. */
export interface Tables extends EventTables {
  todos: TodosTable;
  todo_stats: TodoStatsTable;
}

/** A row of `todos`. */
export type TodoRow = Selectable<TodosTable>;
