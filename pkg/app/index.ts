export * from "./app.js";
export * from "./component.js";
export * from "./state.js";
