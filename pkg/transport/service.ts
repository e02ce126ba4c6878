import type { DescMessage, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import type { GenService, GenServiceMethods } from "@bufbuild/protobuf/codegenv2";
import type { CallContext } from "./context.js";

/** The implementation of one unary method: a request message in, a reply out. */
export type UnaryImpl<I extends DescMessage, O extends DescMessage> = (
  request: MessageShape<I>,
  ctx: CallContext,
) => Promise<MessageInitShape<O>>;

/**
 * The implementation of a generated service: one method per unary rpc, named
 * as protobuf-es names them (`getBook` for `GetBook`). The same object is
 * served over REST and gRPC. Streaming rpcs are not served yet (gRPC answers
 * them UNIMPLEMENTED), so they need no method.
 */
export type ServiceImpl<S> =
  S extends GenService<infer M extends GenServiceMethods>
    ? { [K in keyof M as M[K]["methodKind"] extends "unary" ? K : never]: UnaryImpl<M[K]["input"], M[K]["output"]> }
    : never;
