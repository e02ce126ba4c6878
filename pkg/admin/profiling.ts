import { createHash, timingSafeEqual } from "node:crypto";
import { Session } from "node:inspector/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyInstance, FastifyReply } from "fastify";
import { bearerOf } from "../auth/bearer.js";

/** Bounds of `/debug/profile?seconds=N`. */
export const PROFILE_SECONDS = { default: 10, min: 1, max: 300 } as const;

/**
 * Serves the profiling routes (pprof's role, on the admin port only):
 * `GET /debug/profile?seconds=N` records the CPU for N seconds (default 10)
 * and returns a `.cpuprofile` (open it in Chrome DevTools → Performance, or
 * VS Code); `GET /debug/heapsnapshot` returns a `.heapsnapshot` (DevTools →
 * Memory). Both use node:inspector in this process; one at a time (409
 * otherwise), and only for a caller that sends `authorization: Bearer <token>`
 * (401 otherwise): a heap snapshot holds every secret the process has.
 */
export function addProfilingRoutes(app: FastifyInstance, token: string): void {
  if (token === "") throw new Error("the profiling routes need a token");
  app.addHook("onRequest", async (request, reply) => {
    if (!request.url.startsWith("/debug/")) return;
    if (!sameSecret(bearerOf(request.headers.authorization) ?? "", token)) {
      await reply
        .code(401)
        .header("www-authenticate", 'Bearer realm="debug"')
        .send({ error: "/debug needs authorization: Bearer <the admin debug token>" });
    }
  });
  let busy = false;
  const exclusive = async (reply: FastifyReply, work: () => Promise<void>): Promise<FastifyReply> => {
    if (busy) return reply.code(409).send({ error: "a profile or heap snapshot is already being taken" });
    busy = true;
    // Held until the reply is sent, not just made: a snapshot's text is as big as the heap.
    reply.raw.once("close", () => {
      busy = false;
    });
    await work();
    return reply;
  };

  app.get<{ Querystring: { seconds?: string } }>("/debug/profile", async (request, reply) => {
    const raw = request.query.seconds ?? String(PROFILE_SECONDS.default);
    const seconds = Number(raw);
    if (!Number.isInteger(seconds) || seconds < PROFILE_SECONDS.min || seconds > PROFILE_SECONDS.max) {
      return reply.code(400).send({
        error: `seconds: expected an integer from ${PROFILE_SECONDS.min} to ${PROFILE_SECONDS.max}, got "${raw}"`,
      });
    }
    return exclusive(reply, async () => {
      const profile = await cpuProfile(seconds * 1000);
      await reply
        .type("application/json")
        .header("content-disposition", `attachment; filename="cpu-${Date.now()}.cpuprofile"`)
        .send(profile);
    });
  });

  app.get("/debug/heapsnapshot", async (_request, reply) =>
    exclusive(reply, async () => {
      const snapshot = await heapSnapshot();
      await reply
        .type("application/json")
        .header("content-disposition", `attachment; filename="heap-${Date.now()}.heapsnapshot"`)
        .send(snapshot);
    }),
  );
}

/** Records this process's CPU for `ms` and returns the profile as JSON text. */
export async function cpuProfile(ms: number): Promise<string> {
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
    await sleep(ms);
    const { profile } = await session.post("Profiler.stop");
    return JSON.stringify(profile);
  } finally {
    session.disconnect();
  }
}

/** Takes a heap snapshot of this process and returns it as JSON text. */
export async function heapSnapshot(): Promise<string> {
  const session = new Session();
  const chunks: string[] = [];
  session.on("HeapProfiler.addHeapSnapshotChunk", (message) => chunks.push(message.params.chunk));
  session.connect();
  try {
    await session.post("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
    return chunks.join("");
  } finally {
    session.disconnect();
  }
}

/** Whether `given` is `secret`, in time that does not depend on where they differ. */
function sameSecret(given: string, secret: string): boolean {
  const digest = (text: string): Buffer => createHash("sha256").update(text).digest();
  return given !== "" && timingSafeEqual(digest(given), digest(secret));
}
