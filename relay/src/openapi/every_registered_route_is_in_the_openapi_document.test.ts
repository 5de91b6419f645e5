import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRelay, type TestRelay } from "../testing/test-relay";

/**
 * The OpenAPI document and the app agree: every route the relay registers (method + path, as
 * Hono matches it) is in the document, and the document describes no route the app lacks.
 * Middleware (`app.use`, method ALL) is not a route. Served at /v1/openapi.json.
 */
let relay: TestRelay;
let doc: {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>
  >;
  components: { schemas: Record<string, unknown> };
};

/** `/v1/actions/:id` → `/v1/actions/{id}`; a trailing `/*` is the `{path}` parameter. */
function openApiPath(honoPath: string): string {
  return honoPath.replace(/:(\w+)/g, "{$1}").replace(/\/\*$/, "/{path}");
}

beforeAll(async () => {
  relay = await startTestRelay({ db: "memory" });
  const res = await relay.request("/v1/openapi.json");
  expect(res.status).toBe(200);
  doc = (await res.json()) as typeof doc;
});
afterAll(async () => {
  await relay.dispose();
});

describe("the OpenAPI document", () => {
  it("lists exactly the routes the app registers", () => {
    const registered = new Set(
      relay.app.routes
        .filter((route) => route.method !== "ALL")
        .map((route) => `${route.method} ${openApiPath(route.path)}`),
    );
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    expect([...registered].filter((route) => !documented.has(route)).sort()).toEqual([]);
    expect([...documented].filter((route) => !registered.has(route)).sort()).toEqual([]);
    // The widget, knowledge upload and admin APIs are all there (a floor, so an empty app fails).
    expect(registered.size).toBeGreaterThanOrEqual(50);
    for (const route of [
      "POST /v1/sessions",
      "POST /v1/actions",
      "PUT /v1/sites/{siteId}/knowledge/{path}",
      "GET /v1/admin/feed",
      "POST /dashboard/api/auth/login",
    ])
      expect(documented).toContain(route);
  });

  it("describes bodies with the protocol's zod schemas, by reference", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(["ActionRequest", "CreateSessionRequest", "EventBatch", "ApiError"]),
    );
    expect(JSON.stringify(doc.paths["/v1/actions"]!.post!.requestBody)).toContain(
      "#/components/schemas/ActionRequest",
    );
    expect(doc.paths["/v1/actions"]!.post!.responses).toHaveProperty("409");
  });

  it("has a reference page that loads it", async () => {
    const res = await relay.request("/v1/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(await res.text()).toContain("/v1/openapi.json");
  });
});
