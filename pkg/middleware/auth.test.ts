import { beforeAll, describe, expect, it } from "vitest";
import { LibraryService } from "../../tools/testdata/library/v1/library_pb.js";
import { mintToken, newSigningKey, jwksOf, type SigningKey } from "../../tools/dev-issuer/issuer.js";
import { identityOf, type Identity } from "../auth/identity.js";
import { accessRuleOf } from "../auth/rule.js";
import { tokenVerifier, type TokenVerifier } from "../auth/verifier.js";
import { isStrataError } from "../errors/error.js";
import { newCallContext, type CallContext } from "../transport/context.js";
import { createLocalJWKSet } from "jose";
import type { DescMethod } from "@bufbuild/protobuf";
import { auth } from "./auth.js";

const { getBook, deleteBook, ping, listBooks } = LibraryService.method;

let key: SigningKey;
let verify: TokenVerifier;
beforeAll(async () => {
  key = await newSigningKey("k1");
  verify = tokenVerifier({ keys: createLocalJWKSet(jwksOf(key)) });
});

// Calls `method` through auth with `authorization` and tells how it ended and who the handler saw.
async function call(
  method: DescMethod,
  authorization?: string,
): Promise<{ outcome: string; seen?: Identity; ctx: CallContext }> {
  let seen: Identity | undefined;
  const handler = auth({ verify })(async (_req, ctx) => {
    seen = identityOf(ctx);
    return "ok";
  });
  const requestHeader = new Headers(authorization === undefined ? {} : { authorization });
  const ctx = newCallContext({ kind: "http", method, requestHeader });
  try {
    await handler(undefined, ctx);
    return { outcome: "ok", seen, ctx };
  } catch (err) {
    if (!isStrataError(err)) throw err;
    const scope = err.metadata["scope"];
    return { outcome: `${err.code} ${err.reason}${scope === undefined ? "" : ` ${scope}`}`, ctx };
  }
}

describe("accessRuleOf", () => {
  it("reads the rule a method declares, and needs authentication where none is declared", () => {
    expect(accessRuleOf(getBook)).toEqual({ public: false, scopes: ["library.read"] });
    expect(accessRuleOf(deleteBook)).toEqual({ public: false, scopes: ["library.write", "library.admin"] });
    expect(accessRuleOf(ping)).toEqual({ public: true, scopes: [] });
    expect(accessRuleOf(listBooks)).toEqual({ public: false, scopes: [] });
  });
});

describe("auth", () => {
  it("lets public methods through without a token", async () => {
    expect((await call(ping)).outcome).toBe("ok");
  });

  it("needs a bearer token on every other method", async () => {
    const { outcome, ctx } = await call(listBooks);
    expect(outcome).toBe("401 TOKEN_MISSING");
    expect(ctx.responseHeader.get("www-authenticate")).toBe("Bearer");
    expect((await call(listBooks, "Basic YTpi")).outcome).toBe("401 TOKEN_MISSING");
    expect((await call(listBooks, "Bearer")).outcome).toBe("401 TOKEN_MISSING");
    const invalid = await call(listBooks, "Bearer not.a.jwt");
    expect(invalid.outcome).toBe("401 TOKEN_INVALID");
    expect(invalid.ctx.responseHeader.get("www-authenticate")).toBe('Bearer error="invalid_token"');
  });

  it("puts the verified identity on the context", async () => {
    const token = await mintToken(key, { sub: "alice", scope: "library.read" });
    const { outcome, seen } = await call(getBook, `bearer ${token}`);
    expect(outcome).toBe("ok");
    expect(seen?.subject).toBe("alice");
    expect(seen?.scopes.has("library.read")).toBe(true);
  });

  it("answers 403 SCOPE_MISSING naming the first scope the token lacks", async () => {
    const reader = await mintToken(key, { sub: "alice", scope: "library.read" });
    expect((await call(deleteBook, `Bearer ${reader}`)).outcome).toBe("403 SCOPE_MISSING library.write");
    const writer = await mintToken(key, { sub: "alice", scope: "library.write" });
    expect((await call(deleteBook, `Bearer ${writer}`)).outcome).toBe("403 SCOPE_MISSING library.admin");
    const admin = await mintToken(key, { sub: "root", scp: ["library.write", "library.admin"] });
    expect((await call(deleteBook, `Bearer ${admin}`)).outcome).toBe("ok");
    expect((await call(getBook, `Bearer ${admin}`)).outcome).toBe("403 SCOPE_MISSING library.read");
  });
});
