export * from "./headers-carrier.js";
export * from "./sql.js";
export * from "./tracing.js";
