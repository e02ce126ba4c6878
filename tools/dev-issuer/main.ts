// A test issuer for local runs: makes a signing key and mints tokens with it.
//
//   node --import tsx tools/dev-issuer/main.ts keys .data/auth     # .data/auth/jwks.json (public) + key.jwk (private)
//   node --import tsx tools/dev-issuer/main.ts token .data/auth [--sub alice] [--scope "a.read a.write"] [--ttl 1h]
//
// A token's scopes default to every scope the rules of the service's API (api/) name.
// Run the service with AUTH_KEY_FILE=.data/auth/jwks.json; send the token as `authorization: Bearer <token>`.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { exportJWK, importJWK, type CryptoKey, type JWK } from "jose";
import { loadDescriptors } from "../call/descriptors.js";
import { jwksOf, mintToken, newSigningKey } from "./issuer.js";
import { scopesOf } from "./scopes.js";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    sub: { type: "string", default: "dev" },
    scope: { type: "string" },
    ttl: { type: "string", default: "1h" },
    iss: { type: "string" },
    aud: { type: "string" },
  },
});
const [command, dir] = positionals;
if ((command !== "keys" && command !== "token") || dir === undefined) {
  console.error("usage: main.ts keys <dir> | token <dir> [--sub S] [--scope 'a b'] [--ttl 1h] [--iss I] [--aud A]");
  process.exit(2);
}

if (command === "keys") {
  const key = await newSigningKey(`dev-${Date.now()}`, "ES256");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "jwks.json"), `${JSON.stringify(jwksOf(key), null, 2)}\n`);
  const privateJwk = { ...(await exportJWK(key.privateKey)), kid: key.kid, alg: key.alg };
  writeFileSync(join(dir, "key.jwk"), JSON.stringify(privateJwk), { mode: 0o600 });
  console.log(`wrote ${join(dir, "jwks.json")} (AUTH_KEY_FILE) and ${join(dir, "key.jwk")} (keep it private)`);
} else {
  const jwk = JSON.parse(readFileSync(join(dir, "key.jwk"), "utf8")) as JWK & { kid: string; alg: string };
  const privateKey = (await importJWK(jwk, jwk.alg)) as CryptoKey;
  const scope = values.scope ?? scopesOf((await loadDescriptors("api")).methods.values()).join(" ");
  const token = await mintToken(
    { kid: jwk.kid, alg: jwk.alg, privateKey },
    {
      sub: values.sub,
      ...(scope !== "" && { scope }),
      expiresIn: values.ttl,
      ...(values.iss !== undefined && { iss: values.iss }),
      ...(values.aud !== undefined && { aud: values.aud }),
    },
  );
  console.log(token);
}
