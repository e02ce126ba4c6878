import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { createEcmaScriptPlugin, type GeneratedFile, type Plugin, type Schema } from "@bufbuild/protoplugin";
import type { HttpRoute } from "../../pkg/transport/http/index.js";
import { hasHttpRule, routesOf } from "./rules.js";

/** The plugin's own options: `runtime=<path of pkg/ relative to the out dir, or a package>`. */
export interface Options {
  runtime: string;
}

/**
 * protoc-gen-strata-http: for every .proto file with services that carry
 * google.api.http rules, writes `<name>_http.ts` next to `<name>_pb.ts` with,
 * per service, the table of its HTTP routes (`XxxHttpRoutes`) and
 * `registerXxxHttp(router, impl)`. The code is declarative; the runtime in
 * `${runtime}/transport/http` transcodes. Streaming rpcs get no route.
 */
export const plugin: Plugin = withoutEslintDisable(
  createEcmaScriptPlugin<Options>({
    name: "protoc-gen-strata-http",
    version: "v0.1.0",
    parseOptions,
    generateTs,
  }),
);

// The generated code passes the repository's lint rules as it is, so the
// preamble's blanket eslint-disable would only be reported as unused.
function withoutEslintDisable(inner: Plugin): Plugin {
  return {
    name: inner.name,
    version: inner.version,
    run(request) {
      const response = inner.run(request);
      for (const file of response.file) file.content = file.content.replace(/^\/\* eslint-disable \*\/\n/m, "");
      return response;
    },
  };
}

function parseOptions(raw: { key: string; value: string }[]): Options {
  let runtime: string | undefined;
  for (const { key, value } of raw) {
    if (key !== "runtime") throw new Error(`unknown option "${key}"`);
    if (value === "") throw new Error("option runtime needs a value, e.g. runtime=../pkg");
    runtime = value.replace(/\/+$/, "");
  }
  if (runtime === undefined) throw new Error("missing option runtime=<path of pkg/ relative to the out dir>");
  return { runtime };
}

interface ServiceRoutes {
  service: DescService;
  routes: HttpRoute[];
  skipped: DescMethod[];
}

function generateTs(schema: Schema<Options>): void {
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
