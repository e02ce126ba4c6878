import {
  fromJson,
  getOption,
  toJson,
  type DescField,
  type DescMessage,
  type DescMethod,
  type JsonObject,
  type JsonValue,
  type Registry,
} from "@bufbuild/protobuf";
import { http } from "../../pkg/gen/google/api/annotations_pb.js";

/**
 * The curl command that makes the same call over REST, from the method's
 * google.api.http rule: path variables filled from the request, the rule's
 * body (`*` or one field) as JSON, every other field in the query string.
 * `baseUrl` is the REST server, e.g. `http://127.0.0.1:8000`.
 */
export function curlLine(method: DescMethod, registry: Registry, request: JsonValue, baseUrl: string): string {
  const rule = getOption(method, http);
  const pattern = rule.pattern;
  if (pattern.case === undefined) {
    throw new Error(
      `${method.parent.typeName}/${method.name} has no google.api.http rule: it is served over gRPC only`,
    );
  }
  const [verb, template] =
    pattern.case === "custom" ? [pattern.value.kind, pattern.value.path] : [pattern.case.toUpperCase(), pattern.value];
  // Normalised proto3 JSON (JSON names, defaults left out), so that fields are found whichever names the input used.
  const fields = toJson(method.input, fromJson(method.input, request, { registry }), { registry }) as JsonObject;
  const path = template.replace(/\{([^}=]+)(=[^}]*)?\}/g, (_whole, fieldPath: string, wildcard?: string) => {
    const value = take(fields, jsonPath(method.input, fieldPath));
    if (value === undefined) throw new Error(`the request has no ${fieldPath}: the REST path ${template} needs it`);
    const text = String(value);
    // A variable with a multi-segment pattern ({name=shelves/*}) keeps its slashes.
    return wildcard === undefined ? encodeURIComponent(text) : text.split("/").map(encodeURIComponent).join("/");
  });
  let body: JsonValue | undefined;
  if (rule.body === "*") {
    body = { ...fields };
    for (const key of Object.keys(fields)) delete fields[key];
  } else if (rule.body !== "") {
    body = take(fields, jsonPath(method.input, rule.body)) ?? {};
  }
  const query = new URLSearchParams();
  addQuery(query, "", fields);
  const url = `${baseUrl}${path}${query.size > 0 ? `?${query.toString()}` : ""}`;
  const parts = ["curl", "-s", "-X", verb, quote(url)];
  if (body !== undefined) parts.push("-H", quote("content-type: application/json"), "-d", quote(JSON.stringify(body)));
  return parts.join(" ");
}

/** The JSON names along a field path written with proto names (`book.name`). */
function jsonPath(message: DescMessage, fieldPath: string): string[] {
  const names: string[] = [];
  let current: DescMessage | undefined = message;
  for (const segment of fieldPath.split(".")) {
    const field: DescField | undefined = current?.fields.find((candidate) => candidate.name === segment);
    if (!field) throw new Error(`${message.typeName} has no field ${fieldPath}`);
    names.push(field.jsonName);
    current = field.fieldKind === "message" ? field.message : undefined;
  }
  return names;
}

/** Removes and returns the value at `path` in `object`. */
function take(object: JsonObject, path: readonly string[]): JsonValue | undefined {
  const [head, ...rest] = path;
  if (head === undefined) return undefined;
  const value = object[head];
  if (rest.length === 0) {
    delete object[head];
    return value;
  }
  return isObject(value) ? take(value, rest) : undefined;
}

function addQuery(query: URLSearchParams, prefix: string, value: JsonValue): void {
  if (isObject(value)) {
    for (const [key, inner] of Object.entries(value)) addQuery(query, prefix === "" ? key : `${prefix}.${key}`, inner);
  } else if (Array.isArray(value)) {
    for (const item of value) addQuery(query, prefix, item);
  } else if (value !== null && prefix !== "") {
    query.append(prefix, String(value));
  }
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `text` as one single-quoted shell word. */
function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
