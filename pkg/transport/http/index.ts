// The HTTP transport: protobuf services served over HTTP/1.1 (fastify) by their
// google.api.http rules. protoc-gen-strata-http generates, per service, a table of
// HttpRoute (one per rule and per additional binding) and registerXxxHttp(); this
// runtime does the transcoding:
//
// - path templates: literals, `*`, `**` (last segment only), `{field.path}`,
//   `{field.path=segments/*/**}`, a `:verb` after the last segment. A variable of
//   one segment is fully percent-decoded, one of several keeps `%2F` as is.
// - `body: "*"` decodes the whole request from the JSON body, `body: "field"` that
//   top-level field; an empty body reads as `{}`. Bodies are read as JSON
//   whatever their content type (curl -d sends a form type).
// - the fields neither the path nor the body binds come from the query string:
//   `a.b=1`, repeated keys for repeated fields, enums by name or number,
//   well-known types in their JSON string form (Timestamp, Duration, FieldMask
//   `a,b`, wrappers), int64 as decimal text, bools as true/false/1/0, bytes as
//   base64 (std or URL-safe). Maps and other message fields as a whole cannot be
//   set from the query string.
// - `response_body` replies with one field of the response.
// - JSON is proto3 JSON through protobuf-es fromJson/toJson. Unknown fields and
//   parameters, and bad values, are 400 MALFORMED_REQUEST with metadata.field.
// - Streaming rpcs are not served over HTTP (the generator skips their rules).
// - GET routes do not answer HEAD.
export type { ServiceImpl } from "../service.js";
export { parseAddr } from "./addr.js";
export { bindRequest, type RequestParts } from "./bind.js";
export { compileRoute, describeRoute, HttpRouteError, type CompiledRoute } from "./compile.js";
export { encodeReply } from "./encode.js";
export { httpErrorOf, routeNotFound, sendError } from "./error-reply.js";
export { matchTemplate } from "./match.js";
export { defaultHttpServerOptions, type HttpServerOptions } from "./options.js";
export { registerHttpRoutes } from "./register.js";
export type { HttpRoute, HttpRouter } from "./route.js";
export { toRoutePath } from "./route-path.js";
export { HttpServer } from "./server.js";
export { parseTemplate, type PathTemplate, type TemplateSegment, type TemplateVariable } from "./template.js";
