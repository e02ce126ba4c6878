// TLS on the whole service: gRPC with TLS and mTLS (client certificates
// verified against GRPC_TLS_CLIENT_CA, the client's subject on the call's
// context), REST over HTTPS, and renewed certificate files served to new
// connections without a restart. The certificates are made here (openssl).
import { copyFileSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { connect, type PeerCertificate } from "node:tls";
import { join } from "node:path";
import { credentials } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isStrataError } from "../pkg/errors/index.js";
import { GrpcConn, tlsChannelCredentials } from "../pkg/transport/grpc/index.js";
import { TestCerts, type CertFiles } from "../pkg/tls/testdata/certs.js";
import { TlsFileWatcher, type TlsFiles } from "../pkg/tls/index.js";
import { FixtureServiceClient } from "../tools/testdata/fixture/v1/fixture_grpc.js";
import { eventually } from "./support/eventually.js";
import { startService, type RunningService } from "./support/service.js";

const certs = new TestCerts();
const ca = certs.ca("strata-test-ca");
const otherCa = certs.ca("other-ca");
const first = certs.leaf(ca, "first", "strata-first");
const second = certs.leaf(ca, "second", "strata-second");
const orders = certs.leaf(ca, "orders", "orders", { organization: "Shop", uris: ["spiffe://shop/orders"] });
const stranger = certs.leaf(otherCa, "stranger", "orders", { organization: "Shop" });
afterAll(() => certs.remove());

/** The files the service is pointed at, starting as `first`'s: the rotation test replaces them. */
const served: CertFiles = { cert: join(certs.dir, "tls.crt"), key: join(certs.dir, "tls.key") };
copyFileSync(first.cert, served.cert);
copyFileSync(first.key, served.key);

/** Calls Echo over gRPC with `files` (a CA, maybe a client certificate); closes the channel. */
async function echo(address: string, files: TlsFiles): Promise<{ message: string; peer: string }> {
  const conn = new GrpcConn(address, {
    credentials: tlsChannelCredentials(new TlsFileWatcher(files, { interval: 60_000 })),
  });
  try {
    return await new FixtureServiceClient(conn).echo({ message: "hi" }, { timeout: 5_000 });
  } finally {
    conn.close();
  }
}

/** Why a call failed: its code and reason. */
async function failure(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (err) {
    if (isStrataError(err)) return `${err.code} ${err.reason}`;
    throw err;
  }
  return "ok";
}

/** The certificate a TLS server on `address` presents to a new connection (and, with mTLS, accepts `client`'s). */
function servedCertificate(address: string, client: Partial<CertFiles> = {}): Promise<PeerCertificate> {
  const [host, port] = [
    address.slice(0, address.lastIndexOf(":")),
    Number(address.slice(address.lastIndexOf(":") + 1)),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      servername: "localhost",
      ca: readPem(ca.cert),
      ALPNProtocols: ["h2", "http/1.1"],
      ...pems(client),
    });
    socket.once("secureConnect", () => {
      resolve(socket.getPeerCertificate());
      socket.end();
    });
    socket.once("error", reject);
  });
}

/** A REST call over HTTPS trusting the test CA, on a connection of its own. */
function httpsPost(
  url: string,
  body: unknown,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        ca: readPem(ca.cert),
        servername: "localhost",
        agent: false,
        headers: { "content-type": "application/json" },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.once("error", reject);
    req.end(JSON.stringify(body));
  });
}

function readPem(path: string): Buffer {
  return readFileSync(path);
}
function pems(files: Partial<CertFiles>): { cert?: Buffer; key?: Buffer } {
  return {
    ...(files.cert !== undefined && { cert: readPem(files.cert) }),
    ...(files.key !== undefined && { key: readPem(files.key) }),
  };
}

describe("gRPC and REST over TLS, gRPC with mTLS", () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService(
      {
        GRPC_TLS_CERT: served.cert,
        GRPC_TLS_KEY: served.key,
        GRPC_TLS_CLIENT_CA: ca.cert,
        HTTP_TLS_CERT: served.cert,
        HTTP_TLS_KEY: served.key,
        TLS_RELOAD_INTERVAL: "100ms",
      },
      { apis: "fixture" },
    );
  });
  afterAll(() => service?.stop());

  it("serves a client whose certificate the client CA signed, and hands its subject to the handler", async () => {
    const reply = await echo(service.grpcAddress, { ca: ca.cert, ...orders });
    expect(reply.message).toBe("hi");
    expect(reply.peer).toBe("CN=orders\nO=Shop");
  });

  it("refuses a client with no certificate, or one another CA signed", async () => {
    expect(await failure(echo(service.grpcAddress, { ca: ca.cert }))).toBe("503 UNAVAILABLE");
    expect(await failure(echo(service.grpcAddress, { ca: ca.cert, ...stranger }))).toBe("503 UNAVAILABLE");
  });

  it("refuses a plaintext client", async () => {
    const conn = new GrpcConn(service.grpcAddress, { credentials: credentials.createInsecure() });
    try {
      expect(await failure(new FixtureServiceClient(conn).echo({ message: "hi" }, { timeout: 5_000 }))).toBe(
        "503 UNAVAILABLE",
      );
    } finally {
      conn.close();
    }
  });

  it("serves REST over HTTPS", async () => {
    expect(service.httpUrl).toMatch(/^https:\/\//);
    const reply = await httpsPost(`${service.httpUrl}/v1/echo`, { message: "over https" });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ message: "over https" });
    expect(reply.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  });

  it("serves renewed certificate files to new connections, with no restart", async () => {
    const http = service.httpUrl.replace("https://", "");
    expect((await servedCertificate(service.grpcAddress, orders)).subject.CN).toBe("strata-first");
    expect((await servedCertificate(http)).subject.CN).toBe("strata-first");
    copyFileSync(second.cert, served.cert);
    copyFileSync(second.key, served.key);
    await eventually(async () => {
      expect((await servedCertificate(service.grpcAddress, orders)).subject.CN).toBe("strata-second");
      expect((await servedCertificate(http)).subject.CN).toBe("strata-second");
    });
    expect((await echo(service.grpcAddress, { ca: ca.cert, ...orders })).message).toBe("hi");
  });
});

describe("gRPC over TLS without a client CA", () => {
  it("serves any client that trusts the server's CA, with no peer on the context", async () => {
    const service = await startService({ GRPC_TLS_CERT: first.cert, GRPC_TLS_KEY: first.key }, { apis: "fixture" });
    try {
      expect(await echo(service.grpcAddress, { ca: ca.cert })).toMatchObject({ message: "hi", peer: "" });
      expect(await failure(echo(service.grpcAddress, { ca: otherCa.cert }))).toBe("503 UNAVAILABLE");
    } finally {
      await service.stop();
    }
  });
});

describe("TLS settings that cannot work", () => {
  it.each([
    [
      { GRPC_TLS_CERT: "/nonexistent/tls.crt", GRPC_TLS_KEY: first.key },
      /server\.grpc\.tls\.cert: \/nonexistent\/tls\.crt cannot be read \(ENOENT\) \(GRPC_TLS_CERT\)/,
    ],
    [
      { GRPC_TLS_CERT: first.cert, GRPC_TLS_KEY: second.key },
      /server\.grpc\.tls\.key: .* is not the key of the certificate in .* \(GRPC_TLS_KEY\)/,
    ],
    [{ GRPC_TLS_CERT: first.cert }, /server\.grpc\.tls\.key: set GRPC_TLS_KEY too/],
    [
      { GRPC_TLS_CLIENT_CA: ca.cert },
      /server\.grpc\.tls\.clientCa: verifying clients needs the server's own certificate/,
    ],
    [
      { HTTP_TLS_CERT: first.cert, HTTP_TLS_KEY: first.cert },
      /server\.http\.tls\.key: .* is not a PEM private key \(HTTP_TLS_KEY\)/,
    ],
  ])("refuse to start, naming the setting: %o", async (env, message) => {
    await expect(startService(env, { apis: "fixture" })).rejects.toThrow(message);
  });
});
