/**
 * The OpenAPI 3.1 document of the widget API, generated from the same protocol schemas that
 * validate the requests (so it cannot drift from what the relay accepts).
 */
import { z } from "zod";
import {
  ActionAccepted,
  ActionRequest,
  ActionResult,
  ApiError,
  CreateSessionRequest,
  CreateSessionResponse,
  EventBatch,
  Order,
} from "@parley/protocol";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });
const json = (ref: string) => ({
  "application/json": { schema: { $ref: `#/components/schemas/${ref}` } },
});
const errors = {
  "400": { description: "Invalid input", content: json("ApiError") },
  "401": { description: "Missing, forged or expired token", content: json("ApiError") },
  "403": { description: "Origin or destination not allowed", content: json("ApiError") },
  "429": { description: "Rate limit or daily cap reached", content: json("ApiError") },
};

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: { title: "Parley relay — widget API", version: "1" },
    components: {
      securitySchemes: {
        session: { type: "http", scheme: "bearer", description: "token from POST /v1/sessions" },
      },
      schemas: {
        CreateSessionRequest: schema(CreateSessionRequest),
        CreateSessionResponse: schema(CreateSessionResponse),
        EventBatch: schema(EventBatch),
        ActionRequest: schema(ActionRequest),
        ActionAccepted: schema(ActionAccepted),
        ActionResult: schema(ActionResult),
        Order: schema(Order),
        ApiError: schema(ApiError),
      },
    },
    paths: {
      "/v1/sessions": {
        post: {
          summary: "Open a call session (needs an Origin the site allows)",
          requestBody: { required: true, content: json("CreateSessionRequest") },
          responses: {
            "201": { description: "Session and its token", content: json("CreateSessionResponse") },
            ...errors,
          },
        },
      },
      "/v1/sessions/{id}/events": {
        post: {
          summary:
            "Record call events (JSON, or text/plain with `token` in the body for sendBeacon)",
          security: [{ session: [] }],
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          requestBody: {
            required: true,
            content: {
              ...json("EventBatch"),
              "text/plain": { schema: { $ref: "#/components/schemas/EventBatch" } },
            },
          },
          responses: { "200": { description: "{stored, duplicates}" }, ...errors },
        },
      },
      "/v1/actions": {
        post: {
          summary: "Ask the relay to act (messages only from templates)",
          security: [{ session: [] }],
          requestBody: { required: true, content: json("ActionRequest") },
          responses: {
            "202": {
              description: "Accepted (or a duplicate of an earlier request)",
              content: json("ActionAccepted"),
            },
            "409": {
              description: "Idempotency key reused with other params",
              content: json("ApiError"),
            },
            ...errors,
          },
        },
      },
      "/v1/actions/{id}": {
        get: {
          summary: "Status and result of an action",
          security: [{ session: [] }],
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": { description: "The action", content: json("ActionResult") },
            "404": { description: "Not in this session", content: json("ApiError") },
          },
        },
      },
      "/v1/orders/{orderId}": {
        get: {
          summary: "Order lookup",
          security: [{ session: [] }],
          parameters: [{ name: "orderId", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": { description: "The order", content: json("Order") },
            "404": { description: "No such order", content: json("ApiError") },
            ...errors,
          },
        },
      },
      "/v1/sites/{siteId}/knowledge/{path}": {
        get: {
          summary: "A file of the published knowledge index (ETag = sha256)",
          responses: { "200": { description: "The file" }, "304": { description: "Not modified" } },
        },
        put: {
          summary: "Upload a file (admin token); PUT manifest.json last to publish",
          responses: {
            "201": { description: "Staged or published" },
            "422": {
              description: "Manifest lists files that were not uploaded",
              content: json("ApiError"),
            },
          },
        },
      },
    },
  };
}
