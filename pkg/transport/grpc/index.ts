export * from "./options.js";
export * from "./server.js";
export * from "./conn.js";
export * from "./definition.js";
export * from "./metadata.js";
export type { ServiceImpl } from "../service.js";
export * from "./reflection.js";
export * from "./tls.js";
