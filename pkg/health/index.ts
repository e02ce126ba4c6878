export * from "./check.js";
export * from "./grpc-health.js";
export * from "./health.js";
export * from "./metric.js";
