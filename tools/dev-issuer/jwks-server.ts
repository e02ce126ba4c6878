import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { JSONWebKeySet } from "jose";

/** A JWKS endpoint served by a test on a free loopback port: it answers `jwks`, or drops the connection while `up` is false. */
export class JwksServer {
  /** What the endpoint answers; replace it to rotate keys. */
  jwks: JSONWebKeySet = { keys: [] };
  /** Whether the endpoint answers at all. */
  up = true;
  /** How many times the key set was asked for. */
  fetches = 0;
  readonly #server: Server = createServer((_req, res) => {
    this.fetches++;
    if (!this.up) {
      res.socket?.destroy();
      return;
    }
    res.setHeader("content-type", "application/json").end(JSON.stringify(this.jwks));
  });

  /** Starts a server answering `jwks`. */
  static async start(jwks: JSONWebKeySet): Promise<JwksServer> {
    const server = new JwksServer();
    server.jwks = jwks;
    await new Promise<void>((resolve) => server.#server.listen(0, "127.0.0.1", resolve));
    return server;
  }

  /** The URL of the key set. */
  get url(): URL {
    return new URL(`http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/.well-known/jwks.json`);
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
