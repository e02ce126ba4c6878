export * from "./logger.js";
export * from "./scope.js";
export * from "./trace-fields.js";
