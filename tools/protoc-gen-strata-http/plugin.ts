import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { createEcmaScriptPlugin, type GeneratedFile, type Plugin, type Schema } from "@bufbuild/protoplugin";
import type { HttpRoute } from "../../pkg/transport/http/index.js";
import { tidied } from "../shared/print.js";
import { parseRuntimeOption, type RuntimeOption } from "../shared/runtime-option.js";
import { printHttpClient } from "./client.js";
import { hasHttpRule, routesOf } from "./rules.js";

/**
 * protoc-gen-strata-http: for every .proto file with services that carry
 * google.api.http rules, writes `<name>_http.ts` next to `<name>_pb.ts` with,
 * per service, the table of its HTTP routes (`XxxHttpRoutes`) and
 * `registerXxxHttp(router, impl)`, and `<name>_http_client.ts` with a typed
 * REST client per service (`XxxHttpClient`, which imports nothing of the
 * server). The code is declarative; the runtime in `${runtime}/transport/http`
 * transcodes. Streaming rpcs get no route.
 */
export const plugin: Plugin = tidied(
  createEcmaScriptPlugin<RuntimeOption>({
    name: "protoc-gen-strata-http",
    version: "v0.1.0",
    parseOptions: parseRuntimeOption,
    generateTs,
  }),
);

interface ServiceRoutes {
  service: DescService;
  routes: HttpRoute[];
  skipped: DescMethod[];
}

function generateTs(schema: Schema<RuntimeOption>): void {
  for (const file of schema.files) {
    const services = file.services
      .map((service) => serviceRoutes(service))
      .filter((s) => s.routes.length > 0 || s.skipped.length > 0);
    if (services.length === 0) continue;
    const f = schema.generateFile(`${file.name}_http.ts`);
    f.preamble(file);
    for (const [i, s] of services.entries()) {
      if (i > 0) f.print();
      printService(f, s, schema.options.runtime);
    }
    const withRoutes = services.filter((s) => s.routes.length > 0);
    if (withRoutes.length === 0) continue;
    const client = schema.generateFile(`${file.name}_http_client.ts`);
    client.preamble(file);
    for (const [i, s] of withRoutes.entries()) {
      if (i > 0) client.print();
      printHttpClient(client, s.service, s.routes, schema.options.runtime);
    }
  }
}

function serviceRoutes(service: DescService): ServiceRoutes {
  const routes: HttpRoute[] = [];
  const skipped: DescMethod[] = [];
  for (const rpc of service.methods) {
    // HTTP/JSON transcoding of streams is not supported: their rules are ignored.
    if (rpc.methodKind !== "unary") {
      if (hasHttpRule(rpc)) skipped.push(rpc);
      continue;
    }
    routes.push(...routesOf(rpc));
  }
  return { service, routes, skipped };
}

function printService(f: GeneratedFile, { service, routes, skipped }: ServiceRoutes, runtime: string): void {
  const from = `${runtime}/transport/http/index.js`;
  const HttpRoute = f.import("HttpRoute", from, true);
  const HttpRouter = f.import("HttpRouter", from, true);
  const ServiceImpl = f.import("ServiceImpl", from, true);
  const registerHttpRoutes = f.import("registerHttpRoutes", from);
  const svc = f.importSchema(service);
  const table = `${service.name}HttpRoutes`;

  const skippedNote =
    skipped.length > 0 ? `\n\nNot served over HTTP (streaming): ${skipped.map((m) => m.name).join(", ")}.` : "";
  f.print(
    f.jsDoc(
      `The HTTP routes of ${service.typeName}, from its google.api.http rules: one per\n` +
        `rule and per additional binding, in the order declared.${skippedNote}`,
    ),
  );
  f.print(f.export("const", table), ": readonly ", HttpRoute, "[] = [");
  for (const route of routes) {
    f.print("  {");
    f.print("    rpc: ", svc, ".method.", route.rpc.localName, ",");
    f.print("    method: ", f.string(route.method), ",");
    f.print("    path: ", f.string(route.path), ",");
    f.print("    body: ", f.string(route.body), ",");
    f.print("    responseBody: ", f.string(route.responseBody), ",");
    f.print("  },");
  }
  f.print("];");
  f.print();
  f.print(f.jsDoc(`Serves ${service.typeName} over HTTP: registers each of ${table} with \`impl\`.`));
  f.print(
    f.export("function", `register${service.name}Http`),
    "(router: ",
    HttpRouter,
    ", impl: ",
    ServiceImpl,
    "<typeof ",
    svc,
    ">): void {",
  );
  f.print("  ", registerHttpRoutes, "(router, ", table, ", impl);");
  f.print("}");
}
