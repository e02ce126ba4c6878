export * from "./cache.js";
export * from "./degraded.js";
export * from "./memory-cache.js";
export * from "./redis-cache.js";
