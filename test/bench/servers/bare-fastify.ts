// The REST baseline of `make bench`: bare fastify serving, on the target's
// route (BENCH_ROUTE), the JSON body the service returned (BENCH_BODY), with
// nothing else on. Its exec → first 200 is also the startup baseline.
import Fastify from "fastify";

const body = process.env["BENCH_BODY"] ?? "{}";
const route = process.env["BENCH_ROUTE"] ?? "/";
const port = Number(process.env["BENCH_PORT"] ?? 0);
const app = Fastify();
app.get(route, (_request, reply) => {
  void reply.type("application/json; charset=utf-8").send(body);
});
await app.listen({ host: "127.0.0.1", port });
process.once("SIGTERM", () => void app.close().then(() => process.exit(0)));
