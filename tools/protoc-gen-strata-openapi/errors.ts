import type { DescFile, DescService } from "@bufbuild/protobuf";
import { KIT_REASON_CODES, KitReason } from "../../pkg/errors/kit.js";
import { errorReasonEnums, reasonsOf } from "../protoc-gen-strata-errors/reasons.js";
import { commentOf } from "./comments.js";
import { schemaRef, type JsonObject } from "./json-schema.js";

/** One reason a call can fail with, and its HTTP status. */
export interface Reason {
  readonly reason: string;
  readonly code: number;
  readonly description: string | undefined;
}

/** The name of the error body's schema in `components.schemas`. */
export const ERROR_SCHEMA = "strata.Error";

/** The kit's error body, `{code, reason, message, metadata}`, as every error reply carries it. */
export const ERROR_BODY_SCHEMA: JsonObject = {
  type: "object",
  description: "An error: `code` is the HTTP status, `reason` says what failed, `metadata` gives details for programs.",
  properties: {
    code: { type: "integer", description: "The HTTP status." },
    reason: { type: "string", description: "What failed, in UPPER_SNAKE_CASE: one of the API's or the kit's reasons." },
    message: { type: "string", description: "For humans." },
    metadata: {
      type: "object",
      additionalProperties: { type: "string" },
      description: "Details, e.g. `field` for the request field at fault.",
    },
  },
  required: ["code", "reason", "message", "metadata"],
  additionalProperties: false,
};

// The kit's reasons a caller of a routed operation can see: not ROUTE_NOT_FOUND
// (the route matched) nor CANCELLED (the caller has gone).
const CALLER_KIT_REASONS: readonly KitReason[] = [
  KitReason.VALIDATION_FAILED,
  KitReason.MALFORMED_REQUEST,
  KitReason.PAYLOAD_TOO_LARGE,
  KitReason.UNSUPPORTED_MEDIA_TYPE,
  KitReason.TOKEN_MISSING,
  KitReason.TOKEN_EXPIRED,
  KitReason.TOKEN_INVALID,
  KitReason.SCOPE_MISSING,
  KitReason.RESOURCE_EXHAUSTED,
  KitReason.DEADLINE_EXCEEDED,
  KitReason.UNAVAILABLE,
  KitReason.INTERNAL,
];

/**
 * The reasons a service's calls fail with: the values of the ErrorReason
 * enums of its package (declared in any of `files`), then the kit's own.
 */
export function reasonsOfService(service: DescService, files: readonly DescFile[]): Reason[] {
  const own = files
    .filter((file) => file.proto.package === service.file.proto.package)
    .flatMap((file) => errorReasonEnums(file))
    .flatMap((desc) => reasonsOf(desc))
    .map((r) => ({ reason: r.reason, code: r.code, description: commentOf(r.value) }));
  const kit = CALLER_KIT_REASONS.map((reason) => ({ reason, code: KIT_REASON_CODES[reason], description: undefined }));
  return [...own, ...kit];
}

/** The `components.responses` name of the error reply with a status. */
export function errorResponseName(code: number): string {
  return `Error${code}`;
}

/**
 * One error response per status the reasons map to, for
 * `components.responses`: the error body with `code` that status and
 * `reason` one of the status's reasons, each described.
 */
export function errorResponses(reasons: readonly Reason[]): JsonObject {
  const byCode = new Map<number, Reason[]>();
  for (const r of reasons) {
    const list = byCode.get(r.code) ?? [];
    if (!list.some((x) => x.reason === r.reason)) list.push(r);
    byCode.set(r.code, list);
  }
  const responses: JsonObject = {};
  for (const code of [...byCode.keys()].sort((a, b) => a - b)) {
    const list = byCode.get(code) ?? [];
    const lines = list.map(
      (r) => `- \`${r.reason}\`${r.description !== undefined ? `: ${oneLine(r.description)}` : ""}`,
    );
    responses[errorResponseName(code)] = {
      description: `${STATUS_TEXT[code] ?? `Status ${code}`}, with one of these reasons:\n\n${lines.join("\n")}`,
      content: {
        "application/json": {
          schema: {
            allOf: [
              schemaRef(ERROR_SCHEMA),
              {
                properties: { code: { const: code }, reason: { enum: list.map((r) => r.reason) } },
              },
            ],
          },
        },
      },
    };
  }
  return responses;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: "Bad request",
  401: "Unauthenticated",
  403: "Permission denied",
  404: "Not found",
  409: "Conflict",
  412: "Precondition failed",
  413: "Payload too large",
  415: "Unsupported media type",
  429: "Too many requests",
  500: "Internal error",
  501: "Not implemented",
  503: "Unavailable",
  504: "Deadline exceeded",
};
