import type { FastifyInstance } from "fastify";
import { malformedRequest } from "../../errors/kit.js";

/**
 * Makes `application/json` (with or without parameters such as charset) the
 * one content type the server parses: bodies of other types get 415. An empty
 * or blank body parses as undefined rather than failing, so that a method with
 * `body` reads it as `{}`; invalid JSON is a 400 MALFORMED_REQUEST.
 */
export function useJsonBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      done(malformedRequest(`the request body is not valid JSON: ${detail}`), undefined);
    }
  });
}
