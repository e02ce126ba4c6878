import { isUtf8 } from "node:buffer";
import type { FastifyInstance } from "fastify";
import { malformedRequest, unsupportedMediaType } from "../../errors/kit.js";

// application/json, or any structured-syntax +json type (application/merge-patch+json), parameters aside.
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Whether a Content-Type names JSON: `application/json` or a `+json` type, with any parameters. */
export function isJsonType(contentType: string | undefined): boolean {
  return contentType !== undefined && JSON_TYPE.test(contentType);
}

/**
 * Reads request bodies as JSON. A body must say it is JSON (Content-Type
 * `application/json` or a `+json` type): any other type, or none, is a 415
 * UNSUPPORTED_MEDIA_TYPE, so a cross-site HTML form (which can only send
 * form or text types) cannot write. An empty or blank body parses as
 * undefined whatever its type, so that a method with `body` reads it as `{}`;
 * a body that is not JSON, or not UTF-8 (which decoding would turn into
 * U+FFFD and store as such), is a 400 MALFORMED_REQUEST.
 */
export function useJsonBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser("*", { parseAs: "buffer" }, (request, body, done) => {
    const bytes = typeof body === "string" ? Buffer.from(body) : body;
    if (bytes.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d)) {
      done(null, undefined);
      return;
    }
    const contentType = request.headers["content-type"];
    if (!isJsonType(contentType)) {
      done(unsupportedMediaType(contentType ?? "none"), undefined);
      return;
    }
    if (!isUtf8(bytes)) {
      done(malformedRequest("the request body is not valid UTF-8"), undefined);
      return;
    }
    try {
      done(null, JSON.parse(bytes.toString("utf8")));
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      done(malformedRequest(`the request body is not valid JSON: ${detail}`), undefined);
    }
  });
}
