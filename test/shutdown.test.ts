// The whole process, stopped with signals while clients use it: the real server
// (`node --import tsx cmd/server/main.ts --conf configs/config.yaml`, or
// test/support/server-main.ts, serving the kit's fixture service and whatever
// test hook a scenario needs) on free loopback ports. What it proves is DESIGN.md's "Lifecycle": on SIGTERM the
// instance reports NOT_SERVING (/readyz 503, grpc.health.v1) while its
// listeners still accept, then stops accepting and answers every request it
// had accepted; a slow request in flight finishes; a stop that hangs exits 1
// naming what hung; a second signal exits at once; a start that fails exits 1
// with one log line naming the cause.
//
// Each scenario needs a process of its own, and a start takes seconds (PGlite
// boots in WASM): every process starts at once, up front, and the tests then
// run one at a time, each stopping its own. Timings are measured, and printed,
// never asserted: only their order is.
import { rmSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { FixtureServiceClient } from "../tools/testdata/fixture/v1/fixture_grpc.js";
import { GrpcConn } from "../pkg/transport/grpc/index.js";
import { Load, type Transport } from "./support/load.js";
import { generateHealthPython, missingPythonGrpc, PythonHealthWatch } from "./support/python-health.js";
import {
  holdPort,
  killAll,
  ServerProcess,
  type HeldPort,
  type ServerExit,
  type SpawnOptions,
} from "./support/server-process.js";
import { TEST_DELAY_HEADER } from "./support/test-hooks.js";
import { canConnect, GrpcHealthObserver, ListenerProbe, ReadinessPoller } from "./support/stop-observers.js";

/** How long a start may take: several processes boot PGlite at once on a small machine. */
const START_TIMEOUT = 150_000;
/** The longest a test may take, start included. */
const TEST_TIMEOUT = START_TIMEOUT + 60_000;
/**
 * The load scenario's drain delay. It must outlast the server's answer time
 * under that load, or no probe can be answered between NOT_SERVING and the
 * listeners closing: about a second on a busy 2-core machine, several when the
 * machine is shared as well.
 */
const LOAD_DRAIN_DELAY = "3s";
/** The load scenario's stop timeout: generous, as calls in flight are slow to finish on a loaded machine. */
const LOAD_STOP_TIMEOUT_MS = 30_000;
/** Concurrent clients per transport in the load scenario. */
const CLIENTS = 50;
/** The delay the slow requests ask for (the `delay` test hook). */
const SLOW_MS = 2_000;

const pythonMissing = missingPythonGrpc();
if (pythonMissing) console.warn(`skipping the Python grpc.health.v1 Watch test: ${pythonMissing} is not installed`);

type Scenario = "load" | "slow" | "hang" | "secondSignal" | "python" | "httpPortTaken";

/** Each scenario's process, starting. */
const servers = new Map<Scenario, Promise<ServerProcess>>();
/** Ports held so that a server cannot bind them. */
const held = new Map<Scenario, HeldPort>();
let healthPython: string | undefined;

function spawnServer(scenario: Scenario, env: Record<string, string>, options: SpawnOptions = {}): void {
  const spawning = ServerProcess.spawn(env, { ...options, hooks: { fixture: true, ...options.hooks } });
  spawning.catch(() => undefined); // the test that takes it reports the failure
  servers.set(scenario, spawning);
}

/** The scenario's process; it is killed when the test ends, whatever happened. */
async function take(scenario: Scenario): Promise<ServerProcess> {
  const server = await servers.get(scenario)!;
  onTestFinished(() => server.kill());
  return server;
}

/** `t` in ms after `origin`, for the measurements printed. */
function after(origin: number, t: number | undefined): number | undefined {
  return t === undefined ? undefined : Math.round(t - origin);
}

describe("the server process stopped by signals", () => {
  beforeAll(async () => {
    held.set("httpPortTaken", await holdPort());
    spawnServer("load", { DRAIN_DELAY: LOAD_DRAIN_DELAY, STOP_TIMEOUT: `${LOAD_STOP_TIMEOUT_MS}ms` });
    spawnServer("slow", { DRAIN_DELAY: "1s" }, { hooks: { delay: true } });
    spawnServer("hang", { STOP_TIMEOUT: "1s" }, { hooks: { hangOnStop: true } });
    // A stop timeout far longer than any test: only the second signal can end this stop.
    spawnServer("secondSignal", { STOP_TIMEOUT: "10m" }, { hooks: { hangOnStop: true } });
    spawnServer("httpPortTaken", {}, { ports: { http: held.get("httpPortTaken")!.port } });
    if (!pythonMissing) {
      spawnServer("python", { DRAIN_DELAY: "1s" });
      healthPython = generateHealthPython();
    }
  });

  afterAll(async () => {
    await killAll();
    await Promise.all([...held.values()].map((port) => port.release()));
    if (healthPython !== undefined) rmSync(healthPython, { recursive: true, force: true });
  });

  it(
    `under ${CLIENTS} REST + ${CLIENTS} gRPC clients, answers every call it accepted, ` +
      "turns NOT_SERVING before its listeners close, and exits 0",
    async () => {
      const server = await take("load");
      await server.ready(START_TIMEOUT);
      const readiness = new ReadinessPoller(server.adminUrl).start();
      const health = await new GrpcHealthObserver(server.grpcAddress).watch();
      const probes: Record<Transport, ListenerProbe> = {
        rest: new ListenerProbe(server.ports.http).start(),
        grpc: new ListenerProbe(server.ports.grpc).start(),
      };
      const load = new Load(server, { clients: CLIENTS }).start();
      onTestFinished(async () => {
        await Promise.all([load.stop(), readiness.stop(), probes.rest.stop(), probes.grpc.stop(), health.close()]);
      });

      // Busy: every client has been answered, for a second at least.
      const loadStart = performance.now();
      await vi.waitFor(
        () => {
          expect(load.clientsServed("rest")).toBe(CLIENTS);
          expect(load.clientsServed("grpc")).toBe(CLIENTS);
          expect(performance.now() - loadStart).toBeGreaterThan(1_000);
        },
        { timeout: 60_000, interval: 50 },
      );
      const sigterm = server.signal("SIGTERM");
      // Each client goes on until it is refused: the listener it needs has closed.
      await Promise.race([load.finished, server.exited.then(() => sleep(5_000))]);
      const exit = await server.waitForExit(LOAD_STOP_TIMEOUT_MS + 10_000);
      await Promise.all([load.stop(), readiness.stop(), probes.rest.stop(), probes.grpc.stop()]);
      const watchEnd = await health.watchEnded(5_000);
      await health.close();

      const notReady = readiness.first(503, "NOT_SERVING");
      const notServing = health.firstSeen("NOT_SERVING");
      console.info("stop under load:", {
        callsOk: { rest: load.count("ok", "rest"), grpc: load.count("ok", "grpc") },
        okInFlightAtSigterm: { rest: load.inFlightAt(sigterm, "rest"), grpc: load.inFlightAt(sigterm, "grpc") },
        okStartedAfterSigterm: { rest: load.count("ok", "rest", sigterm), grpc: load.count("ok", "grpc", sigterm) },
        refused: { rest: load.count("refused", "rest"), grpc: load.count("refused", "grpc") },
        lost: load.count("lost"),
        msAfterSigterm: {
          readyz503: after(sigterm, notReady?.received),
          grpcWatchNotServing: after(sigterm, notServing.watch),
          grpcCheckNotServing: after(sigterm, notServing.check),
          restLastAccepted: after(sigterm, probes.rest.lastOpen),
          restFirstRefused: after(sigterm, probes.rest.firstRefused),
          grpcLastAccepted: after(sigterm, probes.grpc.lastOpen),
          grpcFirstRefused: after(sigterm, probes.grpc.firstRefused),
          exit: after(sigterm, exit.at),
        },
        readyz503WhileServing: readiness.answers.filter((a) => a.status === 503 && a.state === "SERVING").length,
      });

      // Nothing the server accepted was lost (see test/support/load.ts for the rule).
      expect(load.lost(), "calls the server accepted and did not answer").toEqual([]);
      for (const transport of ["rest", "grpc"] as const) {
        // Served through the stop (each client had a call in flight), until each was refused a connection.
        expect(
          load.inFlightAt(sigterm, transport),
          `${transport} calls in flight at SIGTERM, answered`,
        ).toBeGreaterThan(0);
        expect(load.count("refused", transport), `${transport} clients refused at the end`).toBe(CLIENTS);
      }
      // A clean stop, within the stop timeout: the App exits 1 when that passes.
      expect(exit, server.output()).toMatchObject({ code: 0, signal: null });
      expect(server.linesAt("error"), server.output()).toEqual([]);
      expect(server.logs.map((line) => line.msg)).toEqual(expect.arrayContaining(["stopping", "stopped"]));
      // The health Watch was ended by the server (OK), not cut off by a forced shutdown.
      expect(watchEnd).toMatchObject({ code: 0 });

      // The order: a client had seen /readyz 503 and gRPC NOT_SERVING while the
      // listeners still accepted connections (a connect begun after it succeeded).
      expect(notReady, "a /readyz 503 NOT_SERVING").toBeDefined();
      expect(notServing.watch, "a Watch NOT_SERVING").toBeDefined();
      for (const transport of ["rest", "grpc"] as const) {
        const probe = probes[transport];
        expect(probe.firstRefused, `the ${transport} listener closed`).toBeDefined();
        expect(probe.reopened, `the ${transport} listener accepted again after refusing`).toBe(false);
        expect(probe.lastOpen!, `${transport} accepted after /readyz said 503`).toBeGreaterThan(notReady!.received);
        expect(probe.lastOpen!, `${transport} accepted after Watch said NOT_SERVING`).toBeGreaterThan(
          notServing.watch!,
        );
      }
      // And not before the stop began.
      const beforeStop = readiness.answers.filter((a) => a.received < sigterm && typeof a.status === "number");
      expect(beforeStop.every((a) => a.state === "SERVING")).toBe(true);
    },
    TEST_TIMEOUT,
  );

  it(
    `finishes a REST call and a gRPC call held ${SLOW_MS}ms in flight across SIGTERM, then exits 0`,
    async () => {
      const server = await take("slow");
      await server.ready(START_TIMEOUT);
      const conn = new GrpcConn(server.grpcAddress);
      onTestFinished(() => conn.close());
      const client = new FixtureServiceClient(conn);
      // Connect both first, so the slow calls go over connections the server has accepted.
      expect((await fetch(`${server.httpUrl}/v1/notes/warm-up`)).status).toBe(404);
      await expect(client.getNote({ id: "warm-up" })).rejects.toMatchObject({ code: 404 });

      const slow = { [TEST_DELAY_HEADER]: String(SLOW_MS) };
      const rest = fetch(`${server.httpUrl}/v1/notes`, {
        method: "POST",
        headers: { ...slow, "content-type": "application/json" },
        body: JSON.stringify({ title: "slow rest" }),
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as unknown,
        at: performance.now(),
      }));
      const grpc = client
        .createNote({ note: { title: "slow grpc" } }, { headers: slow, timeout: 30_000 })
        .then((note) => ({ note, at: performance.now() }));
      const probe = new ListenerProbe(server.ports.http).start();
      onTestFinished(() => probe.stop());
      await sleep(200);
      const sigterm = server.signal("SIGTERM");

      const [restReply, grpcReply] = await Promise.all([rest, grpc]);
      const exit = await server.waitForExit(30_000);
      await probe.stop();
      console.info("slow calls across a stop:", {
        msAfterSigterm: {
          restListenerClosed: after(sigterm, probe.firstRefused),
          restAnswered: after(sigterm, restReply.at),
          grpcAnswered: after(sigterm, grpcReply.at),
          exit: after(sigterm, exit.at),
        },
      });

      expect(restReply).toMatchObject({ status: 200, body: { title: "slow rest" } });
      expect(grpcReply.note.title).toBe("slow grpc");
      expect(restReply.at).toBeGreaterThan(sigterm);
      expect(grpcReply.at).toBeGreaterThan(sigterm);
      expect(exit, server.output()).toMatchObject({ code: 0, signal: null });
      expect(exit.at).toBeGreaterThan(Math.max(restReply.at, grpcReply.at));
      expect(server.linesAt("error"), server.output()).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    "exits 1 naming the component that hangs past the stop timeout",
    async () => {
      const server = await take("hang");
      await server.ready(START_TIMEOUT);
      server.signal("SIGTERM");
      const exit = await server.waitForExit(30_000);
      expect(exit, server.output()).toMatchObject({ code: 1, signal: null });
      const errors = server.linesAt("error").map((line) => line.msg);
      expect(errors, server.output()).toHaveLength(1);
      expect(errors[0]).toMatch(/^stop timed out after 1000ms; still stopping: (.+, )?test hang$/);
    },
    TEST_TIMEOUT,
  );

  it(
    "exits 1 at once on a second signal during a hung stop",
    async () => {
      const server = await take("secondSignal");
      await server.ready(START_TIMEOUT);
      server.signal("SIGTERM");
      await server.waitForLog((line) => line.msg === "stopping");
      // The servers have stopped; the stop now hangs on "test hang" (a resource) for its 10m timeout.
      await vi.waitFor(
        async () => {
          for (const port of Object.values(server.ports)) expect(await canConnect(port)).toBe(false);
        },
        { timeout: 30_000, interval: 50 },
      );
      const second = server.signal("SIGINT");
      const exit: ServerExit = await server.waitForExit(30_000);
      console.info("second signal:", { msAfterSecondSignal: { exit: after(second, exit.at) } });

      expect(exit, server.output()).toMatchObject({ code: 1, signal: null });
      const line = server.logs.find((l) => l.msg === "second signal: exiting at once");
      expect(line?.level, server.output()).toBe("error");
      expect(line?.fields).toMatchObject({ signal: "SIGINT" });
      expect(line?.fields["pending"], "what was still stopping").toEqual(expect.arrayContaining(["test hang"]));
    },
    TEST_TIMEOUT,
  );

  it.skipIf(pythonMissing !== undefined)(
    "a Python grpcio health client sees SERVING, then NOT_SERVING while the listener still accepts, then the Watch ends",
    async () => {
      const server = await take("python");
      await server.ready(START_TIMEOUT);
      const python = new PythonHealthWatch(healthPython!, server.grpcAddress);
      onTestFinished(() => python.kill());
      await python.waitFor((line) => line.watch === "SERVING", 60_000);
      const probe = new ListenerProbe(server.ports.grpc).start();
      onTestFinished(() => probe.stop());
      const sigterm = server.signal("SIGTERM");

      await python.waitFor((line) => line.end !== undefined, 30_000);
      const exit = await server.waitForExit(30_000);
      await probe.stop();
      expect(await python.exited, python.describe()).toBe(0);
      const notServing = python.lines.find((line) => line.watch === "NOT_SERVING");
      console.info("python health Watch:", {
        msAfterSigterm: {
          notServing: after(sigterm, notServing?.at),
          grpcListenerClosed: after(sigterm, probe.firstRefused),
          exit: after(sigterm, exit.at),
        },
      });

      const seen = python.lines.map(({ at: _at, ...line }) => line);
      expect(seen, python.describe()).toEqual([
        { check: "SERVING" },
        { watch: "SERVING" },
        { watch: "NOT_SERVING" },
        { end: "OK", details: "" },
      ]);
      expect(probe.lastOpen!, "the gRPC listener accepted after the client saw NOT_SERVING").toBeGreaterThan(
        notServing!.at,
      );
      expect(exit, server.output()).toMatchObject({ code: 0, signal: null });
    },
    TEST_TIMEOUT,
  );

  it(
    "exits 1 with one log line naming the cause when its HTTP port is taken",
    async () => {
      const server = await take("httpPortTaken");
      const exit = await server.waitForExit(START_TIMEOUT);
      expect(exit, server.output()).toMatchObject({ code: 1, signal: null });
      expect(server.logs.map((line) => line.msg)).not.toContain("serving");
      const errors = server.linesAt("error").map((line) => line.msg);
      expect(errors, server.output()).toHaveLength(1);
      expect(errors[0]).toMatch(new RegExp(`^http server failed to start: .*EADDRINUSE.*:${server.ports.http}\\b`));
      expect(server.stderr).toBe("");
      // Nothing left running: the process ended by itself and left no listener behind.
      for (const port of [server.ports.grpc, server.ports.admin]) expect(await canConnect(port)).toBe(false);
    },
    TEST_TIMEOUT,
  );
});
