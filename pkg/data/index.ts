export * from "./context.js";
export * from "./sql-errors.js";
export * from "./unit-of-work.js";
