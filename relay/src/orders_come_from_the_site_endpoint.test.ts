/** Order lookup against a site's own order system (configured URL + secret), failures included. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ApiError, Order } from "@parley/protocol";
import { authed, startTestRelay, techcorpSite } from "./testing/test-relay";

const SECRET = "site-order-api-secret";
let server: Server;
let url: string;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers.authorization ?? "");
    const id = decodeURIComponent(req.url!.split("/").pop()!);
    const send = (status: number, body: unknown) => (
      res.writeHead(status, { "content-type": "application/json" }),
      res.end(JSON.stringify(body))
    );
    if (req.headers.authorization !== `Bearer ${SECRET}`) return send(401, { error: "no" });
    if (id === "ORD11111")
      return send(200, {
        order_id: "ORD11111",
        status: "Shipped",
        estimated_delivery: "Tomorrow",
        tracking_id: "TRK1",
      });
    if (id === "ORD50000") return send(500, { error: "database down" });
    if (id === "ORD42424") return send(200, { order_id: "ORD42424", status: 7, secret_field: "x" });
    return send(404, { error: "not found" });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

it("asks the site's endpoint with its secret and maps its answers to 200 / 404 / 502", async () => {
  const relay = await startTestRelay({
    db: "memory",
    site: techcorpSite({ orders: { source: "http", url, secret: SECRET } }),
  });
  try {
    const { token } = await relay.openSession();
    const get = (id: string) => relay.request(`/v1/orders/${id}`, authed(token, undefined, "GET"));
    const ok = await get("ORD11111");
    expect(ok.status).toBe(200);
    expect(Order.parse(await ok.json())).toMatchObject({ status: "Shipped", tracking_id: "TRK1" });
    expect(seen.at(-1)).toBe(`Bearer ${SECRET}`);
    expect((await get("ORD98765")).status).toBe(404); // the demo's built-in order is not this site's
    const down = await get("ORD50000");
    expect(down.status).toBe(502);
    expect(ApiError.parse(await down.json()).error).toMatchObject({
      code: "order_source_error",
      retryable: true,
    });
    const invalid = await get("ORD42424");
    expect(invalid.status).toBe(502);
    expect(ApiError.parse(await invalid.json()).error.code).toBe("order_source_invalid");
  } finally {
    await relay.dispose();
  }
});
