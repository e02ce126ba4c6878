import { context, SpanKind, SpanStatusCode, trace, type Tracer } from "@opentelemetry/api";
import type { CompiledQuery, DatabaseConnection, Dialect, QueryResult } from "kysely";

/** Options of {@link tracedDialect}. */
export interface SqlTracingOptions {
  /** The tracer SQL spans are made with (`Tracing.tracer`). */
  tracer: Tracer;
  /** `db.system.name` of the spans, e.g. `postgresql`. */
  system: string;
}

const instrumented = new WeakSet<DatabaseConnection>();

/**
 * A Kysely dialect whose queries are traced: each query run while a span is
 * active (a request's) gets a child span named for its statement (`SELECT`,
 * `INSERT`, ...) with the parameterised SQL as `db.query.text`, never the
 * values. Queries outside any span (migrations, health checks) make none.
 */
export function tracedDialect(dialect: Dialect, options: SqlTracingOptions): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => {
      const driver = dialect.createDriver();
      const acquire = driver.acquireConnection.bind(driver);
      // Patched in place: drivers get back the very connection object they made.
      driver.acquireConnection = async () => instrument(await acquire(), options);
      return driver;
    },
  };
}

function instrument(connection: DatabaseConnection, options: SqlTracingOptions): DatabaseConnection {
  if (instrumented.has(connection)) return connection;
  instrumented.add(connection);
  const execute = connection.executeQuery.bind(connection);
  connection.executeQuery = <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
    const parent = context.active();
    if (trace.getSpan(parent) === undefined) return execute<R>(query);
    const span = options.tracer.startSpan(
      statementOf(query.sql),
      {
        kind: SpanKind.CLIENT,
        attributes: { "db.system.name": options.system, "db.query.text": query.sql },
      },
      parent,
    );
    return context
      .with(trace.setSpan(parent, span), () => execute<R>(query))
      .then(
        (result) => {
          span.end();
          return result;
        },
        (err: unknown) => {
          span.recordException(err instanceof Error ? err : String(err));
          span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
          span.end();
          throw err;
        },
      );
  };
  return connection;
}

function statementOf(sqlText: string): string {
  const match = /^\s*(\w+)/.exec(sqlText);
  return match?.[1]?.toUpperCase() ?? "SQL";
}
