// The kit's fixture service (test/support/fixture) as `make bench`'s target:
// the compiled service entry with the fixture served instead of the registered
// APIs (the `fixture` test hook), its default configuration otherwise
// (embedded PGlite, in-process cache and bus, info logs, metrics, tracing
// without an exporter, validation, deadlines), loaded with GetNote of one note
// it was asked to create: a cache-aside read through the data layer.
import { create, toBinary } from "@bufbuild/protobuf";
import { FixtureService, GetNoteRequestSchema } from "../../../tools/testdata/fixture/v1/fixture_pb.js";
import { TEST_HOOKS_ENV } from "../../support/test-hooks.js";
import type { BenchTarget } from "../target.js";

/** GetNote of the fixture service, over REST and gRPC. */
export const target: BenchTarget = {
  name: "fixture.v1.FixtureService GetNote",
  // Compiled by tsconfig.bench.json, as the service itself is by `make build`.
  args: ["dist/bench/test/support/server-main.js", "--conf", "configs/config.yaml"],
  env: (ports) => ({
    HTTP_ADDR: `127.0.0.1:${ports.http}`,
    GRPC_ADDR: `127.0.0.1:${ports.grpc}`,
    ADMIN_ADDR: `127.0.0.1:${ports.admin}`,
    LOG_FORMAT: "json",
    [TEST_HOOKS_ENV]: JSON.stringify({ fixture: true }),
  }),
  readyPath: "/readyz",
  grpcMethod: FixtureService.method.getNote,
  async prepare(ports) {
    const base = `http://127.0.0.1:${ports.http}`;
    const created = await fetch(`${base}/v1/notes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "benchmark" }),
    });
    if (!created.ok) throw new Error(`POST /v1/notes answered ${created.status}: ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const restPath = `/v1/notes/${id}`;
    const reply = await fetch(`${base}${restPath}`);
    const restBody = await reply.text();
    if (!reply.ok) throw new Error(`GET ${restPath} answered ${reply.status}: ${restBody}`);
    return {
      restPath,
      restRoute: "/v1/notes/:id",
      restBody,
      grpcRequest: toBinary(GetNoteRequestSchema, create(GetNoteRequestSchema, { id })),
      // The REST body is the note's proto3 JSON, which is what the gRPC reply carries in binary.
      grpcReplyJson: restBody,
    };
  },
};
