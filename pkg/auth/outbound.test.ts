import { afterEach, describe, expect, it } from "vitest";
import { EchoServiceClient, registerEchoServiceGrpc } from "../../tools/testdata/echo/v1/echo_grpc.js";
import { EchoService } from "../../tools/testdata/echo/v1/echo_pb.js";
import { runInCall } from "../log/active-call.js";
import { newCallContext } from "../transport/context.js";
import { GrpcConn, GrpcServer } from "../transport/grpc/index.js";
import { callerToken, outboundToken, outboundTokenHeaders, type TokenSource } from "./outbound.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server that answers each Echo with the authorization header it received, and a client using `source`. */
async function echoAuthorization(source: TokenSource): Promise<EchoServiceClient> {
  const server = new GrpcServer({ addr: "127.0.0.1:0", onError: () => undefined });
  registerEchoServiceGrpc(server, {
    echo: async (_req, ctx) => ({ message: ctx.requestHeader.get("authorization") ?? "(none)" }),
    echoWithAnExceptionallyLongMethodName: async (req) => ({ message: req.message }),
  });
  await server.start();
  const conn = new GrpcConn(server.address, { middleware: outboundToken(source) });
  cleanups.push(() => server.stop(100));
  cleanups.push(() => conn.close());
  return new EchoServiceClient(conn);
}

/** Runs `fn` as the handler of a call that came with `authorization`. */
function asCallWith<T>(authorization: string | undefined, fn: () => T): T {
  const requestHeader = new Headers(authorization === undefined ? {} : { authorization });
  return runInCall(newCallContext({ kind: "grpc", method: EchoService.method.echo, requestHeader }), fn);
}

describe("outboundToken", () => {
  it("sends the source's token, asked before each call", async () => {
    let n = 0;
    const client = await echoAuthorization(() => Promise.resolve(`t${++n}`));
    expect((await client.echo({})).message).toBe("Bearer t1");
    expect((await client.echo({})).message).toBe("Bearer t2");
  });

  it("leaves a call's own authorization alone, and sends none when the source has none", async () => {
    const client = await echoAuthorization(() => "from-source");
    expect((await client.echo({}, { headers: { authorization: "Bearer own" } })).message).toBe("Bearer own");
    const empty = await echoAuthorization(() => undefined);
    expect((await empty.echo({})).message).toBe("(none)");
  });

  it("forwards the caller's token with callerToken, and nothing outside a call or for another scheme", async () => {
    const client = await echoAuthorization(callerToken);
    expect((await asCallWith("Bearer caller-jwt", () => client.echo({}))).message).toBe("Bearer caller-jwt");
    expect((await asCallWith("Basic dXNlcjpwYXNz", () => client.echo({}))).message).toBe("(none)");
    expect((await asCallWith(undefined, () => client.echo({}))).message).toBe("(none)");
    expect((await client.echo({})).message).toBe("(none)");
  });
});

describe("outboundTokenHeaders", () => {
  it("gives HttpConn's headers: the bearer token, or none", async () => {
    expect(await outboundTokenHeaders(() => "t")()).toEqual({ authorization: "Bearer t" });
    expect(await outboundTokenHeaders(() => "")()).toEqual({});
    expect(await asCallWith("Bearer c", () => outboundTokenHeaders(callerToken)())).toEqual({
      authorization: "Bearer c",
    });
  });
});
