import { getOption, hasOption, type DescMethod } from "@bufbuild/protobuf";
import { http } from "../../pkg/gen/google/api/annotations_pb.js";
import type { HttpRule } from "../../pkg/gen/google/api/http_pb.js";
import { compileRoute, HttpRouteError, type HttpRoute } from "../../pkg/transport/http/index.js";

/** Whether an rpc has a google.api.http rule. */
export function hasHttpRule(rpc: DescMethod): boolean {
  return hasOption(rpc, http);
}

/**
 * The HTTP routes of an rpc: its google.api.http rule, then each of the rule's
 * additional_bindings, each checked by the runtime's compileRoute so that a
 * rule the server would refuse fails generation instead. Empty for an rpc
 * without the option. Throws an HttpRouteError naming the rpc and the rule.
 */
export function routesOf(rpc: DescMethod): HttpRoute[] {
  if (!hasOption(rpc, http)) return [];
  const rule = getOption(rpc, http);
  const routes = [routeOf(rpc, rule)];
  for (const binding of rule.additionalBindings) {
    if (binding.additionalBindings.length > 0) {
      throw new HttpRouteError(`${rpc.parent.typeName}.${rpc.name}: additional_bindings cannot nest`);
    }
    routes.push(routeOf(rpc, binding));
  }
  for (const route of routes) compileRoute(route);
  return routes;
}

function routeOf(rpc: DescMethod, rule: HttpRule): HttpRoute {
  const { pattern } = rule;
  const base = { rpc, body: rule.body, responseBody: rule.responseBody };
  switch (pattern.case) {
    case "get":
    case "put":
    case "post":
    case "delete":
    case "patch":
      return { ...base, method: pattern.case.toUpperCase(), path: pattern.value };
    case "custom":
      return { ...base, method: pattern.value.kind, path: pattern.value.path };
    case undefined:
      throw new HttpRouteError(
        `${rpc.parent.typeName}.${rpc.name}: a google.api.http rule has no HTTP method and path`,
      );
  }
}
