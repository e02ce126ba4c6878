// The embedded database of `make run` / `make dev` (PGlite in PGLITE_DATA_DIR)
// keeps its data across restarts of the real server.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killAll, ServerProcess } from "./support/server-process.js";

let dataDir: string;

beforeAll(async () => {
  dataDir = join(await mkdtemp(join(tmpdir(), "strata-pglite-")), "pglite");
});

afterAll(async () => {
  await killAll();
  await rm(dataDir, { recursive: true, force: true });
});

async function startOnDataDir(): Promise<ServerProcess> {
  return ServerProcess.start({ DATABASE_URL: "", PGLITE_DATA_DIR: dataDir }, 120_000, { hooks: { fixture: true } });
}

async function stop(server: ServerProcess): Promise<void> {
  server.signal("SIGTERM");
  expect((await server.waitForExit(30_000)).code).toBe(0);
}

// The first start runs initdb in the directory: slow on a busy machine.
describe("PGlite in a data directory", { timeout: 240_000 }, () => {
  it("keeps a row written before a restart", async () => {
    const first = await startOnDataDir();
    const created = await fetch(`${first.httpUrl}/v1/notes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "survives a restart" }),
    });
    expect(created.status).toBe(200);
    const note = (await created.json()) as { id: string; title: string };
    await stop(first);

    const second = await startOnDataDir();
    const got = await fetch(`${second.httpUrl}/v1/notes/${note.id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual({ id: note.id, title: "survives a restart" });
    await stop(second);
  });
});
