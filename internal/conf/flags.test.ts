import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { configFromFlags } from "./flags.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("configFromFlags", () => {
  it("loads the file named by --conf", async () => {
    const config = await configFromFlags(["--conf", `${ROOT}/configs/config.yaml`]);
    expect(config.server.grpc.addr).toBe(process.env["GRPC_ADDR"] || "127.0.0.1:9000");
  });

  it("stops the service with exit code 2 and a message naming the bad key", async () => {
    const run = promisify(execFile)("node", ["--import", "tsx", "cmd/server/main.ts"], {
      cwd: ROOT,
      env: { ...process.env, HTTP_ADDR: "nowhere", LOG_LEVEL: "loud" },
    });
    const failure = (await run.catch((err: unknown) => err)) as { code: number; stderr: string };
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain("server.http.addr:");
    expect(failure.stderr).toContain("log.level:");
  });
});
