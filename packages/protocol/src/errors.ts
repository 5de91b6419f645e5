import type { z } from "zod";

/** One line per problem, each naming the field path: "entities.phone: must be an E.164 …". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length ? issue.path.map(String).join(".") : "(root)";
      return `${path}: ${issue.message}`;
    })
    .join("; ");
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Validate `data`; on failure return a readable message instead of throwing. */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(data);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, error: describeIssues(result.error) };
}
