import type { Generated, Selectable } from "kysely";

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

declare module "./schema.js" {
  /** The Todo API's tables. */
  interface Tables {
    todos: TodosTable;
    todo_stats: TodoStatsTable;
  }
}

/** A row of `todos`. */
export type TodoRow = Selectable<TodosTable>;
