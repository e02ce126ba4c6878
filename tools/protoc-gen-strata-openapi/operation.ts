import { getOption, hasOption, type DescField, type DescMethod } from "@bufbuild/protobuf";
import { rule } from "../../pkg/gen/strata/auth/v1/auth_pb.js";
import type { CompiledRoute } from "../../pkg/transport/http/index.js";
import { described } from "./comments.js";
import { errorResponseName } from "./errors.js";
import type { JsonObject } from "./json-schema.js";
import type { OpenApiPath, PathParam } from "./paths.js";
import { queryParameters } from "./query.js";
import type { SchemaSet } from "./schemas.js";

/** What an operation is built from: a compiled route, its path, and how it is named and fails. */
export interface OperationInput {
  readonly compiled: CompiledRoute;
  readonly path: OpenApiPath;
  /** The rpc's name, suffixed for its additional bindings: GetBook, GetBook_2, ... */
  readonly operationId: string;
  /** The statuses of `components.responses` error replies the operation can send. */
  readonly errorCodes: readonly number[];
}

/**
 * The OpenAPI operation of one route: the rpc's comment as summary and
 * description, its path and query parameters, its request body (none, the
 * request, or one field), the reply (the response, or its response_body
 * field) and the error replies.
 */
export function operationOf(
  { compiled, path, operationId, errorCodes }: OperationInput,
  schemas: SchemaSet,
): JsonObject {
  const rpc = compiled.route.rpc;
  const { summary, description } = described(rpc);
  const parameters = [...path.params.map((p) => pathParameter(p, schemas)), ...queryParameters(compiled, schemas)];
  const responses: JsonObject = {
    "200": {
      description: `The ${compiled.responseField !== undefined ? `${compiled.responseField.jsonName} of the ` : ""}${rpc.output.typeName}.`,
      content: { "application/json": { schema: replySchema(compiled, schemas) } },
    },
  };
  const access = accessOf(rpc);
  for (const code of errorCodes) {
    if ((code === 413 || code === 415) && compiled.body.kind === "none") continue;
    if ((code === 401 && access.public) || (code === 403 && access.scopes.length === 0)) continue;
    responses[String(code)] = { $ref: `#/components/responses/${errorResponseName(code)}` };
  }
  return {
    operationId,
    tags: [rpc.parent.name],
    summary: summary ?? rpc.name,
    ...(description !== undefined ? { description } : {}),
    ...(rpc.deprecated ? { deprecated: true } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    // The (strata.auth.v1.rule) of the rpc: public, or a bearer token with these scopes.
    security: access.public ? [] : [{ [BEARER_SCHEME]: [...access.scopes] }],
    ...requestBodyOf(compiled, schemas),
    responses,
  };
}

/** The name of the bearer-token scheme in `components.securitySchemes`. */
export const BEARER_SCHEME = "bearer";

/** The access rule of an rpc: a method with no rule needs an authenticated caller, with no scope. */
function accessOf(rpc: DescMethod): { public: boolean; scopes: readonly string[] } {
  if (!hasOption(rpc, rule)) return { public: false, scopes: [] };
  const declared = getOption(rpc, rule);
  return { public: declared.public, scopes: declared.scopes };
}

function pathParameter(param: PathParam, schemas: SchemaSet): JsonObject {
  const leaf: DescField | undefined = param.chain[param.chain.length - 1];
  const field = param.chain.map((f) => f.jsonName).join(".");
  if (param.whole && leaf !== undefined) {
    const { description, readOnly: _r, writeOnly: _w, deprecated: _d, ...schema } = schemas.field(leaf);
    return {
      name: param.name,
      in: "path",
      required: true,
      description:
        `${param.name === field ? "" : `Sets \`${field}\`. `}${description ?? ""}`.trim() || `Sets \`${field}\`.`,
      schema,
    };
  }
  const whole = param.variable !== undefined ? `\`${field}\` is the path's \`${param.variable.name}=…\` part` : "";
  const what = param.deep ? "One or more path segments (slashes not escaped)" : "One path segment";
  return {
    name: param.name,
    in: "path",
    required: true,
    description: `${what}${whole !== "" ? ` of \`${field}\`; ${whole}, literals included.` : "."}`,
    schema: { type: "string", ...(param.deep ? {} : { pattern: "^[^/]+$" }) },
    // OpenAPI has no way to say a path parameter spans segments: clients must not escape its slashes.
    ...(param.deep ? { "x-strata-segments": "many" } : {}),
  };
}

function requestBodyOf(compiled: CompiledRoute, schemas: SchemaSet): JsonObject {
  const { body } = compiled;
  const input = compiled.route.rpc.input;
  let schema: JsonObject;
  let description: string;
  switch (body.kind) {
    case "none":
      return {};
    case "all": {
      // Fields set from the path win over the body: they are not listed in it.
      const fromPath = new Set(
        [...compiled.pathFields.values()].filter((c) => c.length === 1).map((c) => c[0]?.name ?? ""),
      );
      schema = fromPath.size === 0 ? schemas.message(input) : schemas.objectOf(input, fromPath);
      description = `The ${input.typeName}${fromPath.size > 0 ? ", less the fields the path sets" : ""}.`;
      break;
    }
    case "field":
      schema = schemas.field(body.field);
      description = `The ${body.field.jsonName} of the ${input.typeName}.`;
      break;
  }
  return { requestBody: { description, content: { "application/json": { schema } } } };
}

function replySchema(compiled: CompiledRoute, schemas: SchemaSet): JsonObject {
  const field = compiled.responseField;
  if (field === undefined) return schemas.message(compiled.route.rpc.output);
  const schema = schemas.field(field);
  // An unset message field is written as null.
  return field.fieldKind === "message" ? { anyOf: [schema, { type: "null" }] } : schema;
}
