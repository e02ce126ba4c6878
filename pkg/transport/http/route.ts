import type { DescMethod } from "@bufbuild/protobuf";
import type { AnyUnaryImpl } from "../endpoint.js";

/**
 * One HTTP binding of an rpc, as stated by a google.api.http rule or one of its
 * additional_bindings. The generated `<name>_http.ts` files export a table of
 * these per service; the runtime does the transcoding.
 */
export interface HttpRoute {
  /** The rpc the binding serves. */
  readonly rpc: DescMethod;
  /** The HTTP method: GET, PUT, POST, DELETE, PATCH, or the kind of a custom rule. */
  readonly method: string;
  /** The path template, e.g. `/v1/{name=shelves/*}/books`. */
  readonly path: string;
  /** "" for no body, "*" for the whole request, or the name of the top-level request field the body holds. */
  readonly body: string;
  /** "" to reply with the whole response, or the name of the top-level response field to reply with. */
  readonly responseBody: string;
}

/** What the generated code registers routes on; HttpServer is one. */
export interface HttpRouter {
  /** Serves one binding of an rpc with an implementation of it. */
  route(route: HttpRoute, impl: AnyUnaryImpl): void;
}
