// tools/call (`make call`) against the real server serving the kit's fixture
// service (its descriptors from tools/testdata/fixture, `--api`): proto3 JSON
// in, the reply or the error (code, reason, metadata) out, and --rest's curl
// line, run.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, ServerProcess } from "./support/server-process.js";

const exec = promisify(execFile);
const FIXTURE_API = "tools/testdata/fixture";
let server: ServerProcess;

beforeAll(async () => {
  server = await ServerProcess.start({}, 60_000, { hooks: { fixture: true } });
});

afterAll(async () => {
  await server?.kill();
});

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node --import tsx tools/call --api <fixture> ...args` with the server's addresses in GRPC_ADDR and HTTP_ADDR, as the config reads them. */
async function call(...args: string[]): Promise<CliRun> {
  const env = { ...process.env, GRPC_ADDR: server.grpcAddress, HTTP_ADDR: server.httpUrl.replace("http://", "") };
  try {
    const { stdout, stderr } = await exec(
      process.execPath,
      ["--import", "tsx", "tools/call", "--api", FIXTURE_API, ...args],
      { cwd: ROOT, env },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("tools/call", () => {
  it("creates a note and prints it as proto3 JSON, then gets it back", async () => {
    const created = await call("fixture.v1.FixtureService/CreateNote", '{"note":{"title":"x"}}');
    expect(created.code, created.stderr).toBe(0);
    const note = JSON.parse(created.stdout) as { id: string; title: string };
    expect(note.title).toBe("x");
    expect(note.id).not.toBe("");
    const got = await call("/fixture.v1.FixtureService/GetNote", JSON.stringify({ id: note.id }));
    expect(JSON.parse(got.stdout)).toEqual(note);
  });

  it("prints an error's code, message, reason and metadata (from grpc-status-details-bin) and exits 1", async () => {
    const run = await call("fixture.v1.FixtureService/GetNote", '{"id":"nope"}');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr)).toEqual({
      code: "NOT_FOUND",
      message: 'note "nope" not found',
      reason: "NOTE_NOT_FOUND",
      metadata: { id: "nope" },
    });
  });

  it("rejects a request field the method does not have, naming it, before calling (exit 2)", async () => {
    const run = await call("fixture.v1.FixtureService/GetNote", '{"idd":"x"}');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"idd"');
  });

  it("lists the methods of the generated descriptors, and names them for an unknown one", async () => {
    const listed = await call();
    expect(listed.stdout.split("\n")).toEqual(expect.arrayContaining(["fixture.v1.FixtureService/GetNote"]));
    const unknown = await call("fixture.v1.FixtureService/Nope");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("fixture.v1.FixtureService/CreateNote");
  });

  it("--rest prints the curl line of the google.api.http rule, and that line works", async () => {
    const run = await call("--rest", "fixture.v1.FixtureService/CreateNote", '{"note":{"title":"over rest"}}');
    expect(run.stdout.trim()).toBe(
      `curl -s -X POST '${server.httpUrl}/v1/notes' -H 'content-type: application/json' -d '{"title":"over rest"}'`,
    );
    const { stdout } = await exec("bash", ["-c", run.stdout]);
    expect((JSON.parse(stdout) as { title: string }).title).toBe("over rest");
    const get = await call("--rest", "fixture.v1.FixtureService/GetNote", '{"id":"a b"}');
    expect(get.stdout.trim()).toBe(`curl -s -X GET '${server.httpUrl}/v1/notes/a%20b'`);
  });
});
