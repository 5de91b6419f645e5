import { describe, expect, it } from "vitest";
import { AGENT_TURN_FIELDS, agentTurnJsonSchema, agentTurnJsonSchemaString } from "./index";

describe("the agent turn JSON Schema for constrained decoding", () => {
  it("lists immediate_response first so speech can start early", () => {
    const properties = agentTurnJsonSchema.properties as Record<string, unknown>;
    expect(Object.keys(properties)[0]).toBe("immediate_response");
    expect(AGENT_TURN_FIELDS[0]).toBe("immediate_response");
  });

  it("requires every top-level field and closes the enums", () => {
    expect(agentTurnJsonSchema.required).toEqual(AGENT_TURN_FIELDS);
    const intent = (agentTurnJsonSchema.properties as Record<string, { enum?: string[] }>).intent;
    expect(intent?.enum).toContain("callback_request");
  });

  it("carries no format or pattern keywords a grammar engine may reject", () => {
    expect(agentTurnJsonSchemaString).not.toMatch(/"format"|"pattern"|"\$schema"/);
    expect(() => JSON.parse(agentTurnJsonSchemaString)).not.toThrow();
  });
});
