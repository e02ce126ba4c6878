import { describe, expect, it } from "vitest";
import { plugin } from "./plugin.js";
import { prettierFormat, runPlugin, testFile } from "./testing.js";

const msg = (name: string) => ({ name, field: [{ name: "text", number: 1, type: 9, label: 1, jsonName: "text" }] });
const rpc = (name: string, input: string, output: string, streaming = {}) => ({
  name,
  inputType: `.t.v1.${input}`,
  outputType: `.t.v1.${output}`,
  ...streaming,
});

const LONG = "AMethodWithANameLongEnoughThatEveryLineOfItsClientMustWrap";

const file = testFile({
  messageType: [msg("PingRequest"), msg("PingResponse"), msg(`${LONG}Request`), msg(`${LONG}Response`)],
  service: [
    {
      name: "PingService",
      method: [
        rpc("Ping", "PingRequest", "PingResponse"),
        rpc(LONG, `${LONG}Request`, `${LONG}Response`),
        rpc("Watch", "PingRequest", "PingResponse", { serverStreaming: true }),
        rpc("Chat", "PingRequest", "PingResponse", { clientStreaming: true, serverStreaming: true }),
      ],
    },
    { name: "OtherService", method: [rpc("Ping", "PingRequest", "PingResponse")] },
  ],
});

function generate(parameter?: string): string {
  const files = runPlugin(plugin, file, parameter);
  expect(files.map((f) => f.name)).toEqual(["t/v1/t_grpc.ts"]);
  return files[0].content;
}

describe("protoc-gen-strata-grpc", () => {
  it("writes, per service, a grpc-js definition, a register function and a client", () => {
    const content = generate();
    expect(content).toContain("export const PingServiceGrpcDefinition = grpcServiceDefinition(PingService);");
    expect(content).toContain(
      "export function registerPingServiceGrpc(server: GrpcServer, impl: ServiceImpl<typeof PingService>): void {",
    );
    expect(content).toContain("export class PingServiceClient {");
    expect(content).toContain(
      "  ping(request: MessageInitShape<typeof PingRequestSchema>, options?: CallOptions): Promise<PingResponse> {",
    );
    expect(content).toContain("    return this.#conn.unary(PingService.method.ping, request, options);");
    expect(content).toContain("export class OtherServiceClient {");
  });

  it("imports the runtime relative to the generated file", () => {
    expect(generate()).toContain('from "../../../pkg/transport/grpc/index.js";');
    expect(generate("target=ts,import_extension=js,runtime=./kit/")).toContain(
      'from "../../kit/transport/grpc/index.js";',
    );
    expect(generate("target=ts,import_extension=js,runtime=@acme/kit")).toContain(
      'from "@acme/kit/transport/grpc/index.js";',
    );
  });

  it("leaves streaming rpcs out, and says so", () => {
    const content = generate();
    expect(content).not.toMatch(/watch\(|chat\(/);
    expect(content).toContain("left out: Watch, Chat (callers get UNIMPLEMENTED)");
    expect(content).toContain("left out: Watch, Chat (no client method)");
  });

  it("writes code that prettier leaves as it is, long names included", async () => {
    const content = generate();
    expect(content).toContain("  aMethodWithANameLongEnoughThatEveryLineOfItsClientMustWrap(\n");
    expect(content).toContain("    return this.#conn.unary(\n");
    expect(await prettierFormat(content)).toBe(content);
  });

  it("writes no blanket eslint-disable", () => {
    expect(generate()).not.toContain("eslint-disable");
  });

  it("writes nothing for files without services", () => {
    expect(runPlugin(plugin, testFile({ messageType: [msg("Lonely")] }))).toEqual([]);
  });

  it("requires the runtime option and refuses unknown ones", () => {
    expect(() => generate("target=ts")).toThrow(/runtime is required/);
    expect(() => generate("target=ts,runtime=../pkg,colour=blue")).toThrow(/colour/);
  });
});
