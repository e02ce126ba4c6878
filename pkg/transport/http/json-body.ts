import { isUtf8 } from "node:buffer";
import type { FastifyInstance } from "fastify";
import { malformedRequest } from "../../errors/kit.js";

/**
 * Reads every request body as JSON, whatever its content type says, as
 * grpc-gateway does: `curl -d '{"title":"a"}'` sends
 * application/x-www-form-urlencoded and must still work. An empty or blank body
 * parses as undefined rather than failing, so that a method with `body` reads
 * it as `{}`; anything that is not JSON, or not UTF-8 (which decoding would
 * turn into U+FFFD and store as such), is a 400 MALFORMED_REQUEST.
 */
export function useJsonBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => {
    const bytes = typeof body === "string" ? Buffer.from(body) : body;
    if (!isUtf8(bytes)) {
      done(malformedRequest("the request body is not valid UTF-8"), undefined);
      return;
    }
    const text = bytes.toString("utf8");
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
