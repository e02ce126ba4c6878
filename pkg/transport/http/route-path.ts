import type { PathTemplate } from "./template.js";

/**
 * The find-my-way (fastify) route that receives the requests a path template
 * can match. It routes only: the variables are read from the URL by
 * matchTemplate, which also decides between templates that share a route.
 *
 * - A literal stays as it is. Literals never hold `:`, so no `::` escape is needed
 *   inside them; the verb separator is written `::`, find-my-way's literal colon.
 * - `*` becomes a named parameter `:pN`: a parameter never spans a `/`, so
 *   `{name=shelves/*}` becomes `shelves/:p0` and the value is reassembled later.
 * - `**` becomes find-my-way's wildcard `*`, which must end the route: a verb
 *   after `**` is left to matchTemplate, so `{path=files/**}` and
 *   `{path=files/**}:download` share the route `files/*`.
 * - A verb after a parameter needs a regex parameter, `:pN(.+)::verb`: a plain
 *   parameter's name would run on through `::verb`. find-my-way tries regex
 *   parameters before plain ones, so `{id}:cancel` wins over `{id}` for `42:cancel`.
 */
export function toRoutePath(template: PathTemplate): string {
  let param = 0;
  const parts = template.segments.map((segment) => {
    switch (segment.kind) {
      case "literal":
        return segment.value;
      case "wildcard":
        return `:p${param++}`;
      case "deepWildcard":
        return "*";
    }
  });
  const verb = template.verb;
  const last = template.segments[template.segments.length - 1];
  if (verb !== undefined && last !== undefined) {
    if (last.kind === "literal") parts[parts.length - 1] += `::${verb}`;
    else if (last.kind === "wildcard") parts[parts.length - 1] += `(.+)::${verb}`;
  }
  return "/" + parts.join("/");
}
