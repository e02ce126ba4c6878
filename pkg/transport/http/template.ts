/**
 * One segment of a path template: a literal, `*` (exactly one segment) or
 * `**` (any number of segments, only at the end).
 */
export type TemplateSegment =
  | { readonly kind: "literal"; readonly value: string }
  | { readonly kind: "wildcard" }
  | { readonly kind: "deepWildcard" };

/** A `{field.path=segments}` variable: it binds segments [start, end) to a request field. */
export interface TemplateVariable {
  /** The request field the value goes to, by proto field name: `["book", "name"]`. */
  readonly fieldPath: readonly string[];
  /** The field path as written in the template: `book.name`. */
  readonly name: string;
  /** Index of the first segment the variable spans. */
  readonly start: number;
  /** Index after the last segment the variable spans. */
  readonly end: number;
}

/** A parsed google.api.http path template. */
export interface PathTemplate {
  /** The template as written, e.g. `/v1/{name=shelves/*}/books:batchCreate`. */
  readonly source: string;
  /** The segments, variables expanded into the segments they span. */
  readonly segments: readonly TemplateSegment[];
  /** The variables, in the order they appear. */
  readonly variables: readonly TemplateVariable[];
  /** The custom verb without its colon (`batchCreate`), or undefined. */
  readonly verb: string | undefined;
}

// Literals and verbs: RFC 3986 pchar without `%` (no escapes in templates), `=`, `:`
// (the verb separator) and `*` (wildcards). Keeping `%` and `:` out also keeps
// the find-my-way route derived from a template unambiguous.
const LITERAL = /^[A-Za-z0-9\-._~!$&'()+,;@]+$/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses a path template in the google.api.http grammar:
 *
 * ```
 * Template = "/" Segments [ Verb ] ;
 * Segments = Segment { "/" Segment } ;
 * Segment  = "*" | "**" | LITERAL | Variable ;
 * Variable = "{" FieldPath [ "=" Segments ] "}" ;
 * FieldPath = IDENT { "." IDENT } ;
 * Verb     = ":" LITERAL ;
 * ```
 *
 * `{x}` is short for `{x=*}`. `**` may only be the last segment. A field may be
 * bound by one variable only. Throws an Error saying what is wrong.
 */
export function parseTemplate(source: string): PathTemplate {
  return new Parser(source).parse();
}

class Parser {
  private pos = 0;
  private readonly segments: TemplateSegment[] = [];
  private readonly variables: TemplateVariable[] = [];

  constructor(private readonly source: string) {}

  parse(): PathTemplate {
    if (!this.source.startsWith("/")) this.fail("must start with /");
    this.pos = 1;
    this.parseSegments(false);
    let verb: string | undefined;
    if (this.peek() === ":") {
      this.pos++;
      verb = this.source.slice(this.pos);
      if (!LITERAL.test(verb)) this.fail(`invalid verb ":${verb}"`);
      this.pos = this.source.length;
    }
    if (this.pos !== this.source.length) this.fail(`unexpected "${this.source[this.pos]}"`);
    const deep = this.segments.findIndex((s) => s.kind === "deepWildcard");
    if (deep !== -1 && deep !== this.segments.length - 1) this.fail("** must be the last segment");
    const seen = new Set<string>();
    for (const { name } of this.variables) {
      if (seen.has(name)) this.fail(`field "${name}" is bound twice`);
      seen.add(name);
    }
    return { source: this.source, segments: this.segments, variables: this.variables, verb };
  }

  private parseSegments(inVariable: boolean): void {
    for (;;) {
      this.parseSegment(inVariable);
      if (this.peek() !== "/") return;
      this.pos++;
    }
  }

  private parseSegment(inVariable: boolean): void {
    if (this.peek() === "{") {
      if (inVariable) this.fail("variables cannot nest");
      this.parseVariable();
      return;
    }
    const text = this.readUntil(inVariable ? "/}" : "/:");
    if (text === "*") this.segments.push({ kind: "wildcard" });
    else if (text === "**") this.segments.push({ kind: "deepWildcard" });
    else if (text === "") this.fail("empty segment");
    else if (!LITERAL.test(text)) this.fail(`invalid literal "${text}"`);
    else this.segments.push({ kind: "literal", value: text });
  }

  private parseVariable(): void {
    this.pos++; // {
    const name = this.readUntil("=}");
    const fieldPath = name.split(".");
    if (!fieldPath.every((p) => IDENT.test(p))) this.fail(`invalid field path "${name}"`);
    const start = this.segments.length;
    if (this.peek() === "=") {
      this.pos++;
      this.parseSegments(true);
    } else {
      this.segments.push({ kind: "wildcard" });
    }
    if (this.peek() !== "}") this.fail(`unclosed variable "{${name}"`);
    this.pos++;
    this.variables.push({ fieldPath, name, start, end: this.segments.length });
  }

  private readUntil(stops: string): string {
    const from = this.pos;
    while (this.pos < this.source.length && !stops.includes(this.source[this.pos] ?? "")) this.pos++;
    return this.source.slice(from, this.pos);
  }

  private peek(): string | undefined {
    return this.source[this.pos];
  }

  private fail(problem: string): never {
    throw new Error(`invalid path template "${this.source}": ${problem}`);
  }
}
