// `make call RPC=pkg.v1.Service/Method DATA='{"id":"…"}'`, or
// `npx tsx tools/call pkg.v1.Service/Method '{"id":"…"}'`: calls a method
// of the service over gRPC with a proto3 JSON request and prints the reply as
// JSON, or the error with its code, reason and metadata (exit 1). With no
// method it lists the methods; `--rest` prints the equivalent curl command.
import { parseArgs } from "node:util";
import type { JsonValue } from "@bufbuild/protobuf";
import { ConfigSchema } from "../../internal/conf/conf.js";
import { loadConfig, parseDuration } from "../../pkg/config/index.js";
import { curlLine } from "./curl.js";
import { findMethod, loadDescriptors } from "./descriptors.js";
import { grpcCall } from "./grpc-call.js";

const USAGE = `usage: tools/call [options] <pkg.Service/Method> [json request]
  --addr host:port     gRPC server (default: the config's server.grpc.addr, GRPC_ADDR)
  --rest               print the equivalent curl command (google.api.http rule) instead of calling
  --http url           REST server for --rest (default: the config's server.http.addr, HTTP_ADDR)
  -H, --header k:v     request metadata, repeatable
  --timeout 10s        the call's deadline
  --conf file          config file (default configs/config.yaml)
  --api dir            where the generated *_pb.ts files are (default api)`;

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    addr: { type: "string" },
    rest: { type: "boolean", default: false },
    http: { type: "string" },
    header: { type: "string", short: "H", multiple: true, default: [] },
    timeout: { type: "string", default: "10s" },
    conf: { type: "string", default: "configs/config.yaml" },
    api: { type: "string", default: "api" },
    help: { type: "boolean", short: "h", default: false },
  },
});

try {
  process.exitCode = await main();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 2;
}

async function main(): Promise<number> {
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const descriptors = await loadDescriptors(flags.api);
  const [name, data] = positionals;
  if (name === undefined || name === "") {
    process.stdout.write(`${[...descriptors.methods.keys()].join("\n")}\n`);
    return 0;
  }
  const method = findMethod(descriptors, name);
  const request = parseRequest(data === undefined || data === "" ? "{}" : data);
  const config = await loadConfig(flags.conf, ConfigSchema);
  if (flags.rest) {
    const baseUrl = flags.http ?? `http://${dialable(config.server.http.addr)}`;
    process.stdout.write(`${curlLine(method, descriptors.registry, request, baseUrl)}\n`);
    return 0;
  }
  const timeoutMs = parseDuration(flags.timeout);
  if (timeoutMs === undefined)
    throw new Error(`--timeout: expected a duration such as 500ms or 10s, got ${flags.timeout}`);
  const result = await grpcCall({
    method,
    registry: descriptors.registry,
    request,
    address: flags.addr ?? dialable(config.server.grpc.addr),
    headers: Object.fromEntries(flags.header.map(header)),
    timeoutMs,
  });
  if (!result.ok) {
    const { code, message, reason, metadata } = result;
    process.stderr.write(`${JSON.stringify({ code, message, reason, metadata }, null, 2)}\n`);
    return 1;
  }
  for (const reply of result.replies) process.stdout.write(`${JSON.stringify(reply, null, 2)}\n`);
  return 0;
}

function parseRequest(data: string): JsonValue {
  try {
    return JSON.parse(data) as JsonValue;
  } catch (err) {
    throw new Error(`the request is not JSON: ${(err as Error).message}`);
  }
}

/** A listen address as one to dial: a wildcard host (0.0.0.0, ::) means this machine. */
function dialable(addr: string): string {
  return addr.replace(/^(0\.0\.0\.0|\[::\]|::):/, "127.0.0.1:");
}

function header(text: string): [string, string] {
  const colon = text.indexOf(":");
  if (colon <= 0) throw new Error(`--header: expected name:value, got ${JSON.stringify(text)}`);
  return [text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim()];
}
