import { create, type Message, type MessageInitShape, type DescMessage } from "@bufbuild/protobuf";
import { LibraryService } from "./v1/library_pb.js";
import { registerLibraryServiceHttp } from "./v1/library_http.js";
import type { CallContext } from "../../../pkg/transport/context.js";
import type { AnyUnaryImpl } from "../../../pkg/transport/endpoint.js";
import type { ServiceImpl } from "../../../pkg/transport/service.js";
import type { HttpServerOptions } from "../../../pkg/transport/http/options.js";
import { HttpServer } from "../../../pkg/transport/http/server.js";

/** One call the fake LibraryService received. */
export interface RecordedCall {
  /** The rpc's local name, e.g. `getBook`. */
  readonly rpc: string;
  /** The request message, as transcoded. */
  readonly request: Message;
  /** The call's context. */
  readonly ctx: CallContext;
}

/** What a fake rpc replies with; by default an empty response. */
export type FakeReply = (request: Message, ctx: CallContext) => Promise<MessageInitShape<DescMessage>>;

/** A HttpServer serving LibraryService (the generated routes) with a fake that records each call. */
export interface LibraryServer {
  readonly server: HttpServer;
  /** Every call, oldest first. */
  readonly calls: RecordedCall[];
  /** Replies per rpc local name; set before calling. */
  readonly replies: Map<string, FakeReply>;
  /** The request of the only call so far; fails if there was not exactly one. */
  onlyRequest(): Message;
  /**
   * Sends a request through fastify.inject: a string or Buffer body goes as
   * it is, any other defined body as JSON; both with Content-Type application/json
   * unless `headers` says otherwise.
   */
  send(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string | string[]>,
  ): Promise<InjectedReply>;
}

/** A reply to `send`: the status, the headers and the body parsed as JSON. */
export interface InjectedReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | number | undefined>>;
  readonly json: unknown;
}

/**
 * Test support: a HttpServer with the generated LibraryService routes whose
 * fake implementation records the decoded request and replies as told.
 */
export function libraryServer(options: Partial<HttpServerOptions> = {}): LibraryServer {
  const server = new HttpServer({ addr: "127.0.0.1:0", onError: () => {}, ...options });
  const calls: RecordedCall[] = [];
  const replies = new Map<string, FakeReply>();
  const impl: Record<string, AnyUnaryImpl> = {};
  for (const method of LibraryService.methods) {
    impl[method.localName] = async (request, ctx) => {
      calls.push({ rpc: method.localName, request, ctx });
      const reply = replies.get(method.localName);
      return reply ? reply(request, ctx) : create(method.output);
    };
  }
  registerLibraryServiceHttp(server, impl as unknown as ServiceImpl<typeof LibraryService>);
  return {
    server,
    calls,
    replies,
    onlyRequest() {
      if (calls.length !== 1) throw new Error(`want exactly one call, got ${calls.length}`);
      return (calls[0] as RecordedCall).request;
    },
    async send(method, url, body, headers = {}) {
      const payload =
        body === undefined || typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      const reply = await server.fastify.inject({
        method: method as "GET",
        url,
        payload,
        headers: payload === undefined ? headers : { "content-type": "application/json", ...headers },
      });
      return { status: reply.statusCode, headers: reply.headers, json: reply.body === "" ? undefined : reply.json() };
    },
  };
}
