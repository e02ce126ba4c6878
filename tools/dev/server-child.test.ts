import { createServer, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ServerChild } from "./server-child.js";

let child: ServerChild | undefined;

afterEach(async () => {
  await child?.stop();
});

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A stand-in service: answers /readyz, and on SIGTERM logs and exits 0 after a short graceful stop. */
function fakeService(port: number): string {
  return `
    const server = require("node:http").createServer((req, res) => res.end("ok")).listen(${port}, "127.0.0.1");
    process.on("SIGTERM", () => setTimeout(() => { console.log("stopped gracefully"); server.close(); process.exit(0); }, 100));`;
}

describe("ServerChild", () => {
  it("resolves a start once /readyz answers, and a stop once the process has exited after SIGTERM", async () => {
    const port = await freePort();
    child = new ServerChild({
      args: ["-e", fakeService(port)],
      readyUrl: `http://127.0.0.1:${port}/readyz`,
      stopTimeoutMs: 5_000,
    });
    const outcome = await child.start();
    expect(outcome.ready).toBe(true);
    await child.stop();
    await expect(fetch(`http://127.0.0.1:${port}/readyz`)).rejects.toThrow();
  });

  it("reports a process that exits before it is ready (a compile error) with its exit code", async () => {
    const port = await freePort();
    child = new ServerChild({
      args: ["-e", "process.exit(3)"],
      readyUrl: `http://127.0.0.1:${port}/readyz`,
      stopTimeoutMs: 5_000,
    });
    expect(await child.start()).toEqual({ ready: false, code: 3 });
  });

  it("kills a process that does not stop within the stop timeout", async () => {
    const port = await freePort();
    child = new ServerChild({
      args: ["-e", `${fakeService(port)}; process.removeAllListeners("SIGTERM"); process.on("SIGTERM", () => {});`],
      readyUrl: `http://127.0.0.1:${port}/readyz`,
      stopTimeoutMs: 300,
    });
    expect((await child.start()).ready).toBe(true);
    await child.stop();
    await expect(fetch(`http://127.0.0.1:${port}/readyz`)).rejects.toThrow();
  });
});
