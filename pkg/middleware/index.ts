export * from "./middleware.js";
export * from "./recovery.js";
export * from "./timeout.js";
export * from "./validate.js";
