export * from "./duration.js";
export * from "./load.js";
export * from "./placeholders.js";
export * from "./schema.js";
