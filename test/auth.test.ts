// Auth on the whole service, over both transports: tokens signed by keys this
// test makes, their JWKS served over HTTP by the test, the rules of the kit's
// fixture service (tools/testdata/fixture/v1/fixture.proto), and an attack
// corpus each answered 401 with a reason.
import { SignJWT, UnsecuredJWT, exportSPKI } from "jose";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jwksOf, mintToken, newSigningKey, type SigningKey, type TokenClaims } from "../tools/dev-issuer/issuer.js";
import { JwksServer } from "../tools/dev-issuer/jwks-server.js";
import { FixtureServiceClient } from "../tools/testdata/fixture/v1/fixture_grpc.js";
import { GrpcConn } from "../pkg/transport/grpc/index.js";
import { logLines } from "./support/log-lines.js";
import { startService, type RunningService } from "./support/service.js";
import type { Result } from "./support/api-result.js";
import { grpcNotesApi, restNotesApi, type NotesApi } from "./support/fixture/client.js";

const ISSUER = "https://issuer.test";
const AUDIENCE = "fixture";

let key: SigningKey;
let jwks: JwksServer;
let service: RunningService;
const logs = logLines();

beforeAll(async () => {
  key = await newSigningKey("test-1", "ES256");
  jwks = await JwksServer.start(jwksOf(key));
  service = await startService(
    { AUTH_JWKS_URL: jwks.url.href, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, LOG_LEVEL: "info" },
    { logger: logs.logger, apis: "fixture" },
  );
});
afterAll(async () => {
  await service?.stop();
  await jwks?.stop();
});

function token(claims: TokenClaims = {}): Promise<string> {
  return mintToken(key, { iss: ISSUER, aud: AUDIENCE, sub: "alice", ...claims });
}

const transports = {
  rest: (headers: Record<string, string>) => restNotesApi(service.httpUrl, headers),
  grpc: (headers: Record<string, string>) => grpcNotesApi(service.grpcAddress, headers),
};

/** Runs `fn` with a NotesApi sending `headers`, then closes it. */
async function using<T>(
  transport: keyof typeof transports,
  headers: Record<string, string>,
  fn: (api: NotesApi) => Promise<T>,
): Promise<T> {
  const api = transports[transport](headers);
  try {
    return await fn(api);
  } finally {
    api.close();
  }
}

function outcome(result: Result<unknown>): string {
  if (result.ok) return "ok";
  const scope = result.error.metadata["scope"];
  return `${result.error.code} ${result.error.reason}${scope === undefined ? "" : ` ${scope}`}`;
}

describe.each(["rest", "grpc"] as const)("auth over %s", (transport) => {
  it("answers a call without a token with 401 TOKEN_MISSING", async () => {
    expect(outcome(await using(transport, {}, (api) => api.get("x")))).toBe("401 TOKEN_MISSING");
  });

  it("serves notes.read callers GetNote, and refuses them CreateNote with 403 SCOPE_MISSING", async () => {
    const writer = { authorization: `Bearer ${await token({ scope: "notes.read notes.write" })}` };
    const created = await using(transport, writer, (api) => api.create("guarded"));
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const reader = { authorization: `Bearer ${await token({ scope: "notes.read" })}` };
    await using(transport, reader, async (api) => {
      expect(outcome(await api.get(String(created.value["id"])))).toBe("ok");
      expect(outcome(await api.create("no"))).toBe("403 SCOPE_MISSING notes.write");
    });
  });

  it("answers every token of the attack corpus with 401 and a reason", async () => {
    const good: TokenClaims = { iss: ISSUER, aud: AUDIENCE, sub: "mallory", scope: "notes.read" };
    const valid = await token(good);
    const [header, payload, signature] = valid.split(".") as [string, string, string];
    const forged = Buffer.from(payload, "base64url").toString().replace('"notes.read"', '"notes.read notes.write"');
    const rsa = await newSigningKey("test-1", "RS256");
    const hs256 = await new SignJWT(good)
      .setProtectedHeader({ alg: "HS256", kid: "test-1" })
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(await exportSPKI(rsa.publicKey)));
    const stranger = await newSigningKey("test-1", "ES256");
    const corpus: Record<string, [string, string]> = {
      "alg none": [new UnsecuredJWT(good).setExpirationTime("1h").encode(), "TOKEN_INVALID"],
      "HS256 signed with a public key": [hs256, "TOKEN_INVALID"],
      "wrong key": [await mintToken(stranger, good), "TOKEN_INVALID"],
      expired: [await token({ ...good, expiresIn: "-1h" }), "TOKEN_EXPIRED"],
      "not yet valid": [await token({ ...good, notBefore: "1h" }), "TOKEN_INVALID"],
      "wrong iss": [await token({ ...good, iss: "https://evil.test" }), "TOKEN_INVALID"],
      "wrong aud": [await token({ ...good, aud: "billing" }), "TOKEN_INVALID"],
      "tampered payload": [`${header}.${Buffer.from(forged).toString("base64url")}.${signature}`, "TOKEN_INVALID"],
      "unknown kid": [await mintToken({ ...key, kid: "nobody" }, good), "TOKEN_INVALID"],
      oversized: [`${valid}${"A".repeat(5000)}`, "TOKEN_INVALID"],
    };
    for (const [name, [bad, reason]] of Object.entries(corpus)) {
      const result = await using(transport, { authorization: `Bearer ${bad}` }, (api) => api.get("x"));
      expect(`${name}: ${outcome(result)}`).toBe(`${name}: 401 ${reason}`);
    }
  });

  it("serves the public Echo without a token", async () => {
    if (transport === "rest") {
      const response = await fetch(`${service.httpUrl}/v1/echo/hello`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ message: "hello" });
    } else {
      const conn = new GrpcConn(service.grpcAddress);
      try {
        await expect(new FixtureServiceClient(conn).echo({ message: "hello" })).resolves.toMatchObject({
          message: "hello",
        });
      } finally {
        conn.close();
      }
    }
  });
});

describe("auth over REST", () => {
  it("ignores a token in the query string", async () => {
    const bearer = await token({ scope: "notes.read" });
    for (const name of ["access_token", "token", "authorization"]) {
      const response = await fetch(`${service.httpUrl}/v1/notes/x?${name}=${bearer}`);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { reason: string }).reason).toBe("TOKEN_MISSING");
      expect(response.headers.get("www-authenticate")).toBe("Bearer");
    }
  });

  it("writes the caller's subject in the access line as user, and never the token", async () => {
    const writer = `Bearer ${await token({ scope: "notes.write" })}`;
    const created = await using("rest", { authorization: writer }, (api) => api.create("read me"));
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const bearer = await token({ sub: "line-reader", scope: "notes.read" });
    const path = `/v1/notes/${String(created.value["id"])}`;
    expect((await fetch(`${service.httpUrl}${path}`, { headers: { authorization: `Bearer ${bearer}` } })).status).toBe(
      200,
    );
    const line = logs.lines().find((l) => l["msg"] === "access" && l["user"] === "line-reader");
    expect(line).toMatchObject({ operation: "/fixture.v1.FixtureService/GetNote", code: 200 });
    expect(logs.raw.join("\n")).not.toContain(bearer);
  });

  it("never answers a fuzzed authorization header with a 5xx", async () => {
    const valid = await token({ scope: "notes.read" });
    const header = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ maxLength: 200 }).map((s) => `Bearer ${s}`),
      fc
        .array(fc.base64String({ maxLength: 120 }), { minLength: 1, maxLength: 4 })
        .map((parts) => `Bearer ${parts.join(".")}`),
      fc
        .integer({ min: 0, max: valid.length - 1 })
        .chain((at) =>
          fc
            .string({ minLength: 1, maxLength: 3 })
            .map((s) => `Bearer ${valid.slice(0, at)}${s}${valid.slice(at + 1)}`),
        ),
    );
    await fc.assert(
      fc.asyncProperty(header, async (authorization) => {
        let response: Response;
        try {
          response = await fetch(`${service.httpUrl}/v1/notes/x`, { headers: { authorization } });
        } catch {
          return; // a value fetch itself refuses to send (not a valid header)
        }
        await response.arrayBuffer();
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });
});

describe("auth over gRPC", () => {
  it("never answers fuzzed authorization metadata with INTERNAL or UNKNOWN", async () => {
    const valid = await token({ scope: "notes.read" });
    const header = fc.oneof(
      fc.string({ minLength: 1, maxLength: 200 }).map((s) => `Bearer ${s}`),
      fc
        .integer({ min: 0, max: valid.length - 1 })
        .chain((at) =>
          fc
            .string({ minLength: 1, maxLength: 3 })
            .map((s) => `Bearer ${valid.slice(0, at)}${s}${valid.slice(at + 1)}`),
        ),
    );
    await fc.assert(
      fc.asyncProperty(header, async (authorization) => {
        // printable ASCII only: grpc-js refuses other metadata values before sending.
        if (!/^[\x20-\x7e]*$/.test(authorization)) return;
        const result = await using("grpc", { authorization }, (a) => a.get("x"));
        expect(result.ok ? 200 : result.error.code).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});
