export * from "./error.js";
export * from "./kit.js";
