import type { DescService } from "@bufbuild/protobuf";
import type { GeneratedFile } from "@bufbuild/protoplugin";
import type { HttpRoute } from "../../pkg/transport/http/route.js";
import { commentOf } from "../shared/comment.js";
import { printList } from "../shared/print.js";

/**
 * Prints `<Service>HttpClient`: the methods of the gRPC `<Service>Client`, same
 * names and message types, each calling over an HttpConn by its rpc's
 * google.api.http rule (the first binding; additional bindings are for other
 * callers). The bindings are a table, so each is compiled once per connection.
 */
export function printHttpClient(
  f: GeneratedFile,
  service: DescService,
  routes: readonly HttpRoute[],
  runtime: string,
): void {
  const from = `${runtime}/transport/http/conn.js`;
  const HttpConn = f.import("HttpConn", from, true);
  const HttpCallOptions = f.import("HttpCallOptions", from, true);
  const HttpBinding = f.import("HttpBinding", from, true);
  const MessageInitShape = f.import("MessageInitShape", "@bufbuild/protobuf", true);
  const svc = f.importSchema(service);
  const first = new Map<string, HttpRoute>();
  for (const route of routes) if (!first.has(route.rpc.localName)) first.set(route.rpc.localName, route);
  const bindings = `${service.name}HttpBindings`;

  f.print(f.jsDoc(`The google.api.http rule ${service.name}HttpClient calls each rpc by.`));
  f.print("const ", bindings, " = {");
  for (const [name, route] of first) {
    f.print("  ", name, ": {");
    f.print("    method: ", f.string(route.method), ",");
    f.print("    path: ", f.string(route.path), ",");
    f.print("    body: ", f.string(route.body), ",");
    f.print("    responseBody: ", f.string(route.responseBody), ",");
    f.print("  },");
  }
  f.print("} as const satisfies Record<string, ", HttpBinding, ">;");
  f.print();
  f.print(
    f.jsDoc(
      `${commentOf(service)}A typed REST client of ${service.typeName}: the methods of ${service.name}Client,\n` +
        "over the service's google.api.http rules, with the platform fetch (browsers and Node).",
    ),
  );
  f.print(f.export("class", `${service.name}HttpClient`), " {");
  f.print("  readonly #conn: ", HttpConn, ";");
  f.print();
  f.print("  /** A client that calls over `conn`, which clients of other services may share. */");
  f.print("  constructor(conn: ", HttpConn, ") {");
  f.print("    this.#conn = conn;");
  f.print("  }");
  for (const [name, route] of first) {
    const method = route.rpc;
    f.print();
    f.print(
      f.jsDoc(`${commentOf(method)}Calls ${service.typeName}.${method.name} as ${route.method} ${route.path}.`, "  "),
    );
    printList(
      f,
      "  ",
      [name],
      [
        ["request: ", MessageInitShape, "<typeof ", f.importSchema(method.input, true), ">"],
        ["options?: ", HttpCallOptions],
      ],
      [": Promise<", f.importShape(method.output), "> {"],
    );
    printList(
      f,
      "    ",
      ["return this.#conn.unary"],
      [[svc, `.method.${name}`], [`${bindings}.${name}`], ["request"], ["options"]],
      [";"],
    );
    f.print("  }");
  }
  f.print("}");
}
