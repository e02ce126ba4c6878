import type { FastifyReply } from "fastify";
import { StrataError, isStrataError } from "../../errors/error.js";
import { boundedError } from "../../errors/bounded.js";
import { KitReason, toStrataError } from "../../errors/kit.js";

/** 404 ROUTE_NOT_FOUND: no route for the request's method and path. */
export function routeNotFound(method: string, path: string): StrataError {
  return new StrataError(404, KitReason.ROUTE_NOT_FOUND, `no route for ${method} ${path}`);
}

/** The fields of fastify's own errors that say what went wrong. */
interface FastifyErrorLike {
  code: string;
  statusCode?: number;
  message: string;
}

function isFastifyError(err: unknown): err is FastifyErrorLike {
  if (!(err instanceof Error)) return false;
  const code: unknown = (err as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("FST_");
}

/**
 * The kit error to reply with for anything thrown while serving: a StrataError
 * as it is; fastify's own errors as their kit equivalents (invalid JSON and
 * other bad requests 400 MALFORMED_REQUEST, body too large 413
 * PAYLOAD_TOO_LARGE, no route 404 ROUTE_NOT_FOUND, a path segment too long 414);
 * anything else 500 INTERNAL, its message and stack kept
 * from the client.
 */
export function httpErrorOf(err: unknown): StrataError {
  if (isStrataError(err)) return err;
  if (isFastifyError(err)) {
    switch (err.code) {
      case "FST_ERR_CTP_BODY_TOO_LARGE":
        return new StrataError(413, KitReason.PAYLOAD_TOO_LARGE, "the request body is too large");
      case "FST_ERR_NOT_FOUND":
        return new StrataError(404, KitReason.ROUTE_NOT_FOUND, err.message);
      // Their messages quote the whole URL: say what is wrong instead.
      case "FST_ERR_MAX_PARAM_LENGTH":
        return new StrataError(
          414,
          KitReason.MALFORMED_REQUEST,
          "a URL path segment is longer than the server accepts",
        );
      case "FST_ERR_BAD_URL":
        return new StrataError(400, KitReason.MALFORMED_REQUEST, "the URL path is not validly percent-encoded");
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return new StrataError(status, KitReason.MALFORMED_REQUEST, err.message);
  }
  return toStrataError(err);
}

/**
 * Replies with an error: HTTP status = its code, body `{code, reason, message,
 * metadata}`, message and metadata cut to their bounds (`boundedError`). A
 * code that is not an HTTP status is sent as 500 INTERNAL.
 */
export function sendError(reply: FastifyReply, err: unknown): FastifyReply {
  let error = httpErrorOf(err);
  if (!Number.isInteger(error.code) || error.code < 400 || error.code > 599) error = toStrataError(new Error());
  const body = JSON.stringify(boundedError(error).toJSON());
  return reply.code(error.code).type("application/json; charset=utf-8").send(body);
}
