export * from "./files.js";
export * from "./watcher.js";
