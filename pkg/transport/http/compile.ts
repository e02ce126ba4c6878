import type { DescField } from "@bufbuild/protobuf";
import { chainName, resolveFieldPath, type FieldChain } from "./field-path.js";
import type { HttpRoute } from "./route.js";
import { toRoutePath } from "./route-path.js";
import { parseTemplate, type PathTemplate } from "./template.js";

/** A route checked against its rpc's messages, ready to transcode requests. */
export interface CompiledRoute {
  /** The route as declared. */
  readonly route: HttpRoute;
  /** The parsed path template. */
  readonly template: PathTemplate;
  /** The find-my-way route that receives the template's requests. */
  readonly routePath: string;
  /** For each path variable (by dotted field path), the request fields it walks to. */
  readonly pathFields: ReadonlyMap<string, FieldChain>;
  /** What the body holds: nothing, the whole request ("*"), or one top-level request field. */
  readonly body:
    { readonly kind: "none" } | { readonly kind: "all" } | { readonly kind: "field"; readonly field: DescField };
  /** The response field to reply with, or undefined to reply with the whole response. */
  readonly responseField: DescField | undefined;
}

/** A google.api.http rule that cannot be served; the message names the rpc and the rule. */
export class HttpRouteError extends Error {
  override readonly name = "HttpRouteError";
}

const STANDARD_METHODS = new Set(["GET", "PUT", "POST", "DELETE", "PATCH"]);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Checks a route against its rpc: a unary method; a valid path template whose
 * variables name singular scalar or enum fields (nested through singular
 * message fields); a `body` and `response_body` naming top-level fields; no body
 * on GET. Throws an HttpRouteError naming the rpc and the rule otherwise.
 */
export function compileRoute(route: HttpRoute): CompiledRoute {
  const fail = (problem: string): never => {
    throw new HttpRouteError(`${route.rpc.parent.typeName}.${route.rpc.name}: ${describeRoute(route)}: ${problem}`);
  };
  const { rpc } = route;
  if (rpc.methodKind !== "unary") fail(`${rpc.methodKind} methods cannot be served over HTTP`);
  if (!TOKEN.test(route.method)) fail(`invalid HTTP method "${route.method}"`);
  if (!STANDARD_METHODS.has(route.method) && route.method !== route.method.toUpperCase()) {
    fail(`the custom method "${route.method}" must be upper case`);
  }

  let template: PathTemplate;
  try {
    template = parseTemplate(route.path);
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }

  const pathFields = new Map<string, FieldChain>();
  for (const variable of template.variables) {
    const { name } = variable;
    const resolved = resolveFieldPath(rpc.input, variable.fieldPath);
    if ("problem" in resolved) return fail(`path variable "${name}" names no field: ${resolved.problem}`);
    const leaf = resolved.chain[resolved.chain.length - 1];
    if (leaf?.fieldKind !== "scalar" && leaf?.fieldKind !== "enum") {
      const kind = leaf?.fieldKind === "message" ? "a message" : leaf?.fieldKind === "map" ? "a map" : "repeated";
      fail(`path variable "${name}" is ${kind}; it must name a singular scalar or enum field`);
    }
    pathFields.set(chainName(resolved.chain), resolved.chain);
  }

  let body: CompiledRoute["body"] = { kind: "none" };
  if (route.body !== "") {
    if (route.method === "GET") fail("a GET rule cannot have a body");
    if (route.body === "*") {
      body = { kind: "all" };
    } else {
      const field = rpc.input.fields.find((f) => f.name === route.body);
      if (field === undefined) {
        fail(`body "${route.body}" names no top-level field of ${rpc.input.typeName}`);
      } else {
        body = { kind: "field", field };
      }
    }
  }

  let responseField: DescField | undefined;
  if (route.responseBody !== "") {
    responseField = rpc.output.fields.find((f) => f.name === route.responseBody);
    if (responseField === undefined) {
      fail(`response_body "${route.responseBody}" names no top-level field of ${rpc.output.typeName}`);
    }
  }

  return { route, template, routePath: toRoutePath(template), pathFields, body, responseField };
}

/** A route as people write it: `POST /v1/{parent=shelves/*}/books (body "book")`. */
export function describeRoute(route: HttpRoute): string {
  const extras = [
    route.body !== "" ? `body "${route.body}"` : "",
    route.responseBody !== "" ? `response_body "${route.responseBody}"` : "",
  ].filter((s) => s !== "");
  return `rule "${route.method} ${route.path}"${extras.length > 0 ? ` (${extras.join(", ")})` : ""}`;
}
