import { z } from "zod";
import { AgentTurn } from "./agent-turn";

type JsonObject = { [key: string]: unknown };

/**
 * Drop the keywords grammar-constrained decoders handle poorly (`format`, `pattern`, length
 * bounds): the model is steered by types and enums, and the zod schema validates the rest
 * afterwards. Property order is kept, so `immediate_response` is generated first.
 */
function forDecoding(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forDecoding);
  if (node === null || typeof node !== "object") return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node as JsonObject)) {
    if (key === "format" || key === "pattern" || key === "maxLength" || key === "minLength")
      continue;
    if (key === "$schema") continue;
    out[key] = forDecoding(value);
  }
  return out;
}

/** JSON Schema of the agent turn, ready for WebLLM's `response_format: { type: "json_object", schema }`. */
export const agentTurnJsonSchema = forDecoding(
  z.toJSONSchema(AgentTurn, { target: "draft-7", io: "output" }),
) as JsonObject;

/** The same schema as the string WebLLM expects in `response_format.schema`. */
export const agentTurnJsonSchemaString = JSON.stringify(agentTurnJsonSchema);
