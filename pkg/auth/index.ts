export * from "./algorithms.js";
export * from "./bearer.js";
export * from "./identity.js";
export * from "./keys.js";
export * from "./rule.js";
export * from "./verifier.js";
export * from "./outbound.js";
export * from "./peer.js";
