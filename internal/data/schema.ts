import type { Generated, Selectable } from "kysely";

/** The `todos` table. */
export interface TodosTable {
  id: string;
  title: string;
  done: boolean;
  request_id: string | null;
  create_time: Generated<Date>;
  update_time: Generated<Date>;
}

/** Every table of the service's database, for Kysely's typing. */
export interface Tables {
  todos: TodosTable;
}

/** A row of `todos`. */
export type TodoRow = Selectable<TodosTable>;
