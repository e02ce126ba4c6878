import { StrataError, isStrataError, type ErrorMetadata } from "./error.js";

/**
 * The reasons the kit itself fails a call with. Services add their own through
 * an ErrorReason enum in their API.
 */
export const KitReason = {
  /** The request broke a buf.validate rule; `metadata.field` names the field. */
  VALIDATION_FAILED: "VALIDATION_FAILED",
  /** The request could not be decoded (bad JSON, wrong type, unknown field); `metadata.field` names the field when known. */
  MALFORMED_REQUEST: "MALFORMED_REQUEST",
  /** No route matches the HTTP method and path. */
  ROUTE_NOT_FOUND: "ROUTE_NOT_FOUND",
  /** The server does not implement the gRPC method called. */
  UNIMPLEMENTED: "UNIMPLEMENTED",
  /** The request body is larger than the server accepts. */
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  /** The request body is not JSON (`application/json` or a `+json` type). */
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  /** The call needs a bearer token and carries none. */
  TOKEN_MISSING: "TOKEN_MISSING",
  /** The bearer token has expired (`exp`). */
  TOKEN_EXPIRED: "TOKEN_EXPIRED",
  /** The bearer token is not one this service accepts: bad signature, algorithm, issuer, audience, `nbf`, size... */
  TOKEN_INVALID: "TOKEN_INVALID",
  /** The caller is authenticated but its token lacks a scope the method needs; `metadata.scope` names it. */
  SCOPE_MISSING: "SCOPE_MISSING",
  /** The caller sent too many requests; retry later. */
  RESOURCE_EXHAUSTED: "RESOURCE_EXHAUSTED",
  /** The call's deadline passed before it finished. */
  DEADLINE_EXCEEDED: "DEADLINE_EXCEEDED",
  /** The client cancelled the call. */
  CANCELLED: "CANCELLED",
  /** A dependency is unavailable; retry later. */
  UNAVAILABLE: "UNAVAILABLE",
  /** An unexpected failure; details are in the server's log, never in the reply. */
  INTERNAL: "INTERNAL",
} as const;

/** One of the kit's own error reasons. */
export type KitReason = (typeof KitReason)[keyof typeof KitReason];

/** The HTTP status each of the kit's reasons is sent with (the API document lists them). */
export const KIT_REASON_CODES: Readonly<Record<KitReason, number>> = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  ROUTE_NOT_FOUND: 404,
  UNIMPLEMENTED: 501,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOKEN_MISSING: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_INVALID: 401,
  SCOPE_MISSING: 403,
  RESOURCE_EXHAUSTED: 429,
  DEADLINE_EXCEEDED: 504,
  CANCELLED: 499,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** 400 VALIDATION_FAILED naming the field that broke a rule. */
export function validationFailed(field: string, message: string): StrataError {
  return new StrataError(KIT_REASON_CODES.VALIDATION_FAILED, KitReason.VALIDATION_FAILED, message, { field });
}

/** 400 MALFORMED_REQUEST: the request could not be decoded. */
export function malformedRequest(message: string, metadata: ErrorMetadata = {}): StrataError {
  return new StrataError(KIT_REASON_CODES.MALFORMED_REQUEST, KitReason.MALFORMED_REQUEST, message, metadata);
}

/** 415 UNSUPPORTED_MEDIA_TYPE: a request body of a type other than JSON. */
export function unsupportedMediaType(contentType: string): StrataError {
  return new StrataError(
    415,
    KitReason.UNSUPPORTED_MEDIA_TYPE,
    `the request body must be application/json, not "${contentType}"`,
    { contentType },
  );
}

/** 401 TOKEN_MISSING: no bearer token in the `authorization` header (metadata). */
export function tokenMissing(message = "this call needs a bearer token: authorization: Bearer <token>"): StrataError {
  return new StrataError(KIT_REASON_CODES.TOKEN_MISSING, KitReason.TOKEN_MISSING, message);
}

/** 401 TOKEN_EXPIRED. */
export function tokenExpired(message = "the bearer token has expired"): StrataError {
  return new StrataError(KIT_REASON_CODES.TOKEN_EXPIRED, KitReason.TOKEN_EXPIRED, message);
}

/** 401 TOKEN_INVALID: `message` says what is wrong with the token, never what would make it pass. */
export function tokenInvalid(
  message: string,
  metadata: ErrorMetadata = {},
  options?: { cause?: unknown },
): StrataError {
  return new StrataError(KIT_REASON_CODES.TOKEN_INVALID, KitReason.TOKEN_INVALID, message, metadata, options);
}

/** 403 SCOPE_MISSING naming the scope the caller's token lacks. */
export function scopeMissing(scope: string): StrataError {
  return new StrataError(
    KIT_REASON_CODES.SCOPE_MISSING,
    KitReason.SCOPE_MISSING,
    `this call needs the scope "${scope}"`,
    { scope },
  );
}

/** 504 DEADLINE_EXCEEDED. */
export function deadlineExceeded(message = "deadline exceeded"): StrataError {
  return new StrataError(KIT_REASON_CODES.DEADLINE_EXCEEDED, KitReason.DEADLINE_EXCEEDED, message);
}

/** 499 CANCELLED. */
export function cancelled(message = "the client cancelled the call"): StrataError {
  return new StrataError(KIT_REASON_CODES.CANCELLED, KitReason.CANCELLED, message);
}

/** 503 UNAVAILABLE. */
export function unavailable(message: string, options?: { cause?: unknown }): StrataError {
  return new StrataError(KIT_REASON_CODES.UNAVAILABLE, KitReason.UNAVAILABLE, message, {}, options);
}

/**
 * The error to send for anything thrown: a StrataError as it is, anything else
 * as 500 INTERNAL with a generic message (the original stays in `cause` for logs).
 */
export function toStrataError(err: unknown): StrataError {
  if (isStrataError(err)) return err;
  return new StrataError(KIT_REASON_CODES.INTERNAL, KitReason.INTERNAL, "internal error", {}, { cause: err });
}
