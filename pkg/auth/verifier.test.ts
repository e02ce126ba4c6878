import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportPKCS8, exportSPKI, SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JwksServer } from "../../tools/dev-issuer/jwks-server.js";
import { jwksOf, mintToken, newSigningKey, type SigningKey } from "../../tools/dev-issuer/issuer.js";
import { isStrataError } from "../errors/error.js";
import { fileKeys, remoteKeys } from "./keys.js";
import { tokenVerifier, type TokenVerifier } from "./verifier.js";

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (isStrataError(err)) return `${err.code} ${err.reason}`;
    throw err;
  }
  return "passed";
}

let rsa: SigningKey;
let ec: SigningKey;
let ed: SigningKey;
let stranger: SigningKey;
let jwksServer: JwksServer;

beforeAll(async () => {
  [rsa, ec, ed, stranger] = await Promise.all([
    newSigningKey("rsa-1", "RS256"),
    newSigningKey("ec-1", "ES256"),
    newSigningKey("ed-1", "EdDSA"),
    newSigningKey("ec-1", "ES256"),
  ]);
  jwksServer = await JwksServer.start(jwksOf(rsa, ec, ed));
});
afterAll(() => jwksServer.stop());

describe("tokenVerifier with a JWKS URL", () => {
  let verify: TokenVerifier;
  beforeAll(() => {
    verify = tokenVerifier({ keys: remoteKeys(jwksServer.url), issuer: "https://issuer.test", audience: "library" });
  });
  const good = { iss: "https://issuer.test", aud: "library", sub: "alice", scope: "library.read library.write" };

  it("accepts RS256, ES256 and EdDSA tokens and returns the subject, scopes and claims", async () => {
    for (const key of [rsa, ec, ed]) {
      const identity = await verify(await mintToken(key, good));
      expect(identity.subject).toBe("alice");
      expect([...identity.scopes]).toEqual(["library.read", "library.write"]);
      expect(identity.claims.iss).toBe("https://issuer.test");
    }
  });

  it("reads scopes from an scp array too", async () => {
    const identity = await verify(await mintToken(ec, { ...good, scope: undefined, scp: ["a", "b"] }));
    expect([...identity.scopes]).toEqual(["a", "b"]);
  });

  it("answers every attack with a 401 and a reason", async () => {
    const valid = await mintToken(ec, good);
    const [header, payload, signature] = valid.split(".") as [string, string, string];
    const tampered = Buffer.from(payload, "base64url").toString().replace('"alice"', '"admin"');
    const rsaPem = await exportSPKI(rsa.publicKey);
    const hs256WithPublicKey = await new SignJWT(good)
      .setProtectedHeader({ alg: "HS256", kid: "rsa-1" })
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(rsaPem));
    const cases: Record<string, string> = {
      "alg none": new UnsecuredJWT(good).setExpirationTime("1h").encode(),
      "HS256 signed with the RSA public key": hs256WithPublicKey,
      "wrong key (a known kid)": await mintToken(stranger, good),
      "tampered payload": `${header}.${Buffer.from(tampered).toString("base64url")}.${signature}`,
      "wrong issuer": await mintToken(ec, { ...good, iss: "https://evil.test" }),
      "wrong audience": await mintToken(ec, { ...good, aud: "other" }),
      "not yet valid": await mintToken(ec, { ...good, notBefore: "10m" }),
      "unknown kid": await mintToken({ ...ec, kid: "nobody" }, good),
      "not a JWT": "abc.def.ghi",
      oversized: `${valid}${"a".repeat(5000)}`,
    };
    for (const [name, token] of Object.entries(cases)) {
      expect(`${name}: ${await reasonOf(verify(token))}`).toBe(`${name}: 401 TOKEN_INVALID`);
    }
    expect(await reasonOf(verify(await mintToken(ec, { ...good, expiresIn: "-10m" })))).toBe("401 TOKEN_EXPIRED");
  });

  it("allows a clock skew within the tolerance", async () => {
    expect(await reasonOf(verify(await mintToken(ec, { ...good, expiresIn: "-2s" })))).toBe("passed");
    expect(await reasonOf(verify(await mintToken(ec, { ...good, notBefore: "2s" })))).toBe("passed");
  });

  it("refuses to be configured with none or HS* algorithms", () => {
    const keys = remoteKeys(jwksServer.url);
    expect(() => tokenVerifier({ keys, algorithms: ["none"] })).toThrow(/asymmetric/);
    expect(() => tokenVerifier({ keys, algorithms: ["RS256", "HS256"] })).toThrow(/asymmetric/);
  });
});

describe("remoteKeys", () => {
  it("picks up a rotated key without a restart, and keeps cached keys when the JWKS is down", async () => {
    const server = await JwksServer.start(jwksOf(ec));
    try {
      const verify = tokenVerifier({ keys: remoteKeys(server.url, { cooldown: 0, timeout: 1000 }) });
      expect(await reasonOf(verify(await mintToken(ec, { sub: "a" })))).toBe("passed");
      const rotated = await newSigningKey("ec-2", "ES256");
      server.jwks = jwksOf(ec, rotated);
      expect(await reasonOf(verify(await mintToken(rotated, { sub: "a" })))).toBe("passed");
      const fetchesBefore = server.fetches;
      expect(await reasonOf(verify(await mintToken(ec, { sub: "a" })))).toBe("passed");
      expect(server.fetches).toBe(fetchesBefore); // a known kid needs no fetch

      server.up = false;
      expect(await reasonOf(verify(await mintToken(rotated, { sub: "a" })))).toBe("passed");
      const unknown = await newSigningKey("ec-3", "ES256");
      expect(await reasonOf(verify(await mintToken(unknown, { sub: "a" })))).toBe("401 TOKEN_INVALID");
    } finally {
      await server.stop();
    }
  });

  it("fails with 401, not 500, when the JWKS has never been reachable", async () => {
    const server = await JwksServer.start({ keys: [] });
    server.up = false;
    try {
      const unavailable: unknown[] = [];
      const keys = remoteKeys(server.url, { onUnavailable: (err) => unavailable.push(err) });
      expect(await reasonOf(tokenVerifier({ keys })(await mintToken(ec)))).toBe("401 TOKEN_INVALID");
      expect(unavailable).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });
});

describe("fileKeys", () => {
  const dir = mkdtempSync(join(tmpdir(), "strata-keys-"));

  it("reads a JWKS, one JWK, a PEM public key or a PEM private key (its public half)", async () => {
    const files = {
      "jwks.json": JSON.stringify(jwksOf(ec, rsa)),
      "one.jwk": JSON.stringify(ec.publicJwk),
      "public.pem": await exportSPKI(rsa.publicKey),
      "private.pem": await exportPKCS8(ec.privateKey),
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const token = await mintToken(rsa, { sub: "bob" });
    expect((await tokenVerifier({ keys: fileKeys(join(dir, "jwks.json")) })(token)).subject).toBe("bob");
    expect((await tokenVerifier({ keys: fileKeys(join(dir, "public.pem")) })(token)).subject).toBe("bob");
    expect(await reasonOf(tokenVerifier({ keys: fileKeys(join(dir, "one.jwk")) })(token))).toBe("401 TOKEN_INVALID");
    expect((await tokenVerifier({ keys: fileKeys(join(dir, "one.jwk")) })(await mintToken(ec))).subject).toBe("");
    expect((await tokenVerifier({ keys: fileKeys(join(dir, "private.pem")) })(await mintToken(ec))).subject).toBe("");
  });

  it("refuses a symmetric key", () => {
    writeFileSync(join(dir, "oct.jwk"), JSON.stringify({ kty: "oct", k: "c2VjcmV0" }));
    expect(() => fileKeys(join(dir, "oct.jwk"))).toThrow(/symmetric/);
  });
});
