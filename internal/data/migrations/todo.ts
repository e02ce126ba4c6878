import type { Migrations } from "./index.js";
import { createTodos } from "./0001_create_todos.js";
import { todoVersion } from "./0002_todo_version.js";
import { createTodoStats } from "./0004_create_todo_stats.js";

/** The Todo API's migrations (its todos table and todo_stats read model). */
export const TODO_MIGRATIONS: Migrations = {
  "0001_create_todos": createTodos,
  "0002_todo_version": todoVersion,
  "0004_create_todo_stats": createTodoStats,
};
