/**
 * How one relay route is described for the OpenAPI document: a @hono/zod-openapi route config
 * (method, OpenAPI-style path, zod schemas for parameters, bodies and answers). The lists live
 * beside this file by API; document.ts turns them into the document, and a test checks that the
 * routes the app really registers and the routes described are the same set.
 */
import { createRoute, z, type RouteConfig } from "@hono/zod-openapi";
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

export type RouteDoc = RouteConfig;

/** Protocol schemas named once under components.schemas and referenced wherever they are used. */
export const NAMED_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  ActionAccepted,
  ActionRequest,
  ActionResult,
  ApiError,
  CreateSessionRequest,
  CreateSessionResponse,
  EventBatch,
  Order,
};
const NAME_OF = new Map(Object.entries(NAMED_SCHEMAS).map(([name, schema]) => [schema, name]));

type SchemaObject = Record<string, unknown>;

/**
 * A zod schema as a JSON Schema object (zod's own converter, what the request accepts: "input"),
 * or a $ref for a named one. Converted here rather than by zod-to-openapi because that needs
 * every schema created after its zod extension, and the protocol's schemas are made first.
 */
export function jsonSchemaOf(schema: z.ZodType): SchemaObject {
  const name = NAME_OF.get(schema);
  return name ? { $ref: `#/components/schemas/${name}` } : plainJsonSchema(schema);
}

/** The JSON Schema of what `schema` accepts, without the `$schema` dialect line. */
export function plainJsonSchema(schema: z.ZodType): SchemaObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
  }) as SchemaObject;
  return rest;
}

type Method = RouteConfig["method"];

export interface RouteDocInput {
  summary: string;
  description?: string;
  tags: string[];
  /** Which credential the route takes (see document.ts securitySchemes). */
  security?: "session" | "admin" | "dashboard";
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Also accepts the JSON body as text/plain (navigator.sendBeacon). */
  bodyAsText?: boolean;
  /** A raw body (file bytes). */
  rawBody?: string;
  /** Success status and what it returns (JSON schema, or another media type with no schema). */
  ok: { status: number; description: string; schema?: z.ZodType; mediaType?: string };
  /** Error statuses this route answers with an ApiError body. */
  errors?: number[];
}

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid input (ApiError names the field)",
  401: "Missing, forged or expired credential",
  403: "Not allowed (origin, role, destination)",
  404: "No such resource",
  409: "Conflict with an earlier request",
  410: "Expired",
  413: "Body too large",
  422: "Well-formed but not acceptable",
  429: "Rate limit or daily cap reached (Retry-After says when)",
  503: "Database not reachable (retryable)",
};

/** `/v1/actions/{id}` → the path parameters as a zod object (every one a string). */
function pathParams(path: string): z.ZodObject | undefined {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (names.length === 0) return undefined;
  return z.object(Object.fromEntries(names.map((name) => [name, z.string()])));
}

export function routeDoc(method: Method, path: string, input: RouteDocInput): RouteDoc {
  const params = pathParams(path);
  const bodyContent: Record<string, { schema: SchemaObject }> = {};
  if (input.body) {
    bodyContent["application/json"] = { schema: jsonSchemaOf(input.body) };
    if (input.bodyAsText) bodyContent["text/plain"] = { schema: jsonSchemaOf(input.body) };
  }
  if (input.rawBody) bodyContent[input.rawBody] = { schema: { type: "string", format: "binary" } };
  const okContent = input.ok.schema
    ? { [input.ok.mediaType ?? "application/json"]: { schema: jsonSchemaOf(input.ok.schema) } }
    : input.ok.mediaType
      ? { [input.ok.mediaType]: { schema: { type: "string" } } }
      : undefined;
  const responses: RouteConfig["responses"] = {
    [input.ok.status]: {
      description: input.ok.description,
      ...(okContent ? { content: okContent } : {}),
    },
  };
  for (const status of input.errors ?? [])
    responses[status] = {
      description: ERROR_TEXT[status] ?? "Error",
      content: { "application/json": { schema: jsonSchemaOf(ApiError) } },
    };
  return createRoute({
    method,
    path,
    summary: input.summary,
    ...(input.description ? { description: input.description } : {}),
    tags: input.tags,
    ...(input.security ? { security: [{ [input.security]: [] }] } : {}),
    request: {
      ...(params ? { params } : {}),
      ...(input.query ? { query: input.query } : {}),
      ...(Object.keys(bodyContent).length
        ? { body: { required: true, content: bodyContent } }
        : {}),
    },
    responses,
  });
}
