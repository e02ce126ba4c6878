export * from "./metrics.js";
export * from "./request-histogram.js";
export * from "./request-metrics.js";
export * from "./request-series.js";
