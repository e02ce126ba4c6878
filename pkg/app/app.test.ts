import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App, StartError, StopTimeoutError, type AppOptions } from "./app.js";
import type { Component } from "./component.js";
import type { AppState } from "./state.js";

const logger = pino({ level: "silent" });

/** A component that records its start and stop in a shared journal. */
function component(name: string, journal: string[], behaviour: Partial<Component> = {}): Component {
  return {
    name,
    start: behaviour.start ?? (async () => void journal.push(`start ${name}`)),
    stop: behaviour.stop ?? (async () => void journal.push(`stop ${name}`)),
  };
}

function newApp(journal: string[], overrides: Partial<AppOptions> = {}): App {
  return new App({
    logger,
    resources: [component("db", journal), component("cache", journal)],
    workers: [component("relay", journal)],
    servers: [component("http", journal), component("grpc", journal)],
    registrar: {
      register: async () => void journal.push("register"),
      deregister: async () => void journal.push("deregister"),
    },
    hooks: {
      beforeStart: () => void journal.push("beforeStart"),
      afterStart: () => void journal.push("afterStart"),
      beforeStop: () => void journal.push("beforeStop"),
      afterStop: () => void journal.push("afterStop"),
    },
    ...overrides,
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("App", () => {
  it("starts resources, workers, servers in order, then registers and serves", async () => {
    const journal: string[] = [];
    const app = newApp(journal);
    const states: AppState[] = [];
    app.onStateChange((s) => states.push(s));
    await app.start();
    expect(journal).toEqual([
      "beforeStart",
      "start db",
      "start cache",
      "start relay",
      "start http",
      "start grpc",
      "register",
      "afterStart",
    ]);
    expect(app.state).toBe("SERVING");
    expect(states).toEqual(["SERVING"]);
  });

  it("stops in reverse: not serving, deregister, servers, workers, resources", async () => {
    const journal: string[] = [];
    const app = newApp(journal);
    await app.start();
    journal.length = 0;
    const states: AppState[] = [];
    app.onStateChange((s) => states.push(s));
    await app.stop();
    expect(journal).toEqual([
      "beforeStop",
      "deregister",
      "stop http",
      "stop grpc",
      "stop relay",
      "stop cache",
      "stop db",
      "afterStop",
    ]);
    expect(states).toEqual(["NOT_SERVING", "STOPPED"]);
  });

  it("is NOT_SERVING during the drain delay, before any server stops", async () => {
    const journal: string[] = [];
    const app = newApp(journal, { drainDelay: 50 });
    await app.start();
    journal.length = 0;
    const stopping = app.stop();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(app.state).toBe("NOT_SERVING");
    expect(journal).toEqual(["beforeStop", "deregister"]);
    await stopping;
    expect(journal).toContain("stop http");
  });

  it("rolls back what had started when a component fails to start, naming it", async () => {
    const journal: string[] = [];
    const app = newApp(journal, {
      workers: [component("relay", journal, { start: () => Promise.reject(new Error("broker unreachable")) })],
    });
    const error = await app.start().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(StartError);
    expect((error as Error).message).toBe("relay failed to start: broker unreachable");
    expect(journal).toEqual(["beforeStart", "start db", "start cache", "stop cache", "stop db"]);
    expect(app.state).toBe("STOPPED");
  });

  it("names the component that hangs past the stop timeout", async () => {
    const journal: string[] = [];
    const app = newApp(journal, {
      stopTimeout: 100,
      workers: [component("relay", journal, { stop: () => new Promise(() => undefined) })],
    });
    await app.start();
    const error = await app.stop().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(StopTimeoutError);
    expect((error as StopTimeoutError).pending).toEqual(["relay"]);
    expect((error as Error).message).toContain("still stopping: relay");
  });

  it("still stops the rest when one component's stop fails, and reports it", async () => {
    const journal: string[] = [];
    const app = newApp(journal, {
      resources: [
        component("db", journal),
        component("cache", journal, { stop: () => Promise.reject(new Error("boom")) }),
      ],
    });
    await app.start();
    await expect(app.stop()).rejects.toThrow("failed to stop cleanly: cache");
    expect(journal).toContain("stop db");
  });

  describe("run", () => {
    it("stops on SIGTERM and returns 0", async () => {
      const journal: string[] = [];
      const app = newApp(journal, { signals: ["SIGUSR2"] });
      const running = app.run();
      await vi.waitFor(() => expect(app.state).toBe("SERVING"));
      process.emit("SIGUSR2", "SIGUSR2");
      await expect(running).resolves.toBe(0);
      expect(journal.at(-1)).toBe("afterStop");
    });

    it("returns 1 when the start fails", async () => {
      const app = newApp([], { resources: [component("db", [], { start: () => Promise.reject(new Error("no")) })] });
      await expect(app.run()).resolves.toBe(1);
    });

    it("returns 1 when the stop hangs", async () => {
      const app = newApp([], {
        signals: ["SIGUSR2"],
        stopTimeout: 50,
        servers: [component("http", [], { stop: () => new Promise(() => undefined) })],
      });
      const running = app.run();
      await vi.waitFor(() => expect(app.state).toBe("SERVING"));
      process.emit("SIGUSR2", "SIGUSR2");
      await expect(running).resolves.toBe(1);
    });

    it("exits at once on a second signal", async () => {
      const exit = vi.fn();
      const app = newApp([], {
        signals: ["SIGUSR2"],
        exit,
        servers: [component("http", [], { stop: () => new Promise(() => undefined) })],
        stopTimeout: 200,
      });
      const running = app.run();
      await vi.waitFor(() => expect(app.state).toBe("SERVING"));
      process.emit("SIGUSR2", "SIGUSR2");
      await vi.waitFor(() => expect(app.state).toBe("NOT_SERVING"));
      process.emit("SIGUSR2", "SIGUSR2");
      expect(exit).toHaveBeenCalledWith(1);
      await running;
    });
  });
});
