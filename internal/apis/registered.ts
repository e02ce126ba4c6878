// Every API this service serves, one `export` line each: `make new-api`
// appends one, `make remove-example` removes the example's. (The empty export
// keeps this a module when it lists none.)
export {};
export { todoApi } from "./todo.js";
