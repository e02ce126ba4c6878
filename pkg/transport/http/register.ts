import { operationOf } from "../context.js";
import type { AnyUnaryImpl } from "../endpoint.js";
import type { HttpRoute, HttpRouter } from "./route.js";

/**
 * Registers every route of a generated table with the implementation's method
 * for its rpc (by protobuf-es local name: `getBook` for GetBook). The generated
 * `registerXxxHttp` functions call this with the service's typed implementation.
 */
export function registerHttpRoutes(router: HttpRouter, routes: readonly HttpRoute[], impl: object): void {
  const methods = impl as Record<string, unknown>;
  for (const route of routes) {
    const fn = methods[route.rpc.localName];
    if (typeof fn !== "function") {
      throw new TypeError(`the implementation of ${operationOf(route.rpc)} has no method ${route.rpc.localName}`);
    }
    const call = fn as AnyUnaryImpl;
    router.route(route, (request, ctx) => call.call(impl, request, ctx));
  }
}
