export * from "./error.js";
export * from "./kit.js";
export * from "./bounded.js";
export * from "./grpc-code.js";
export * from "./rpc-status.js";
export * from "./grpc-status.js";
