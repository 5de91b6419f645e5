import { describe, expect, it } from "vitest";
import type { SiteProfile } from "@parley/protocol";
import { DialogueEngine, type EngineEvent } from "./dialogue-engine";
import { LlmBrain, type GenerateTokens } from "./llm/llm-brain";
import { LexicalRetriever } from "./retrieval/lexical-retriever";

/**
 * WebLLM cannot run here (no weights, no WebGPU): the model is scripted at the token-stream
 * boundary, with the failures real models produce — invented values, broken JSON, truncation.
 */
const site: SiteProfile = {
  company: "Example Store",
  defaultRegion: "IN",
  timezone: "Asia/Kolkata",
};
const now = () => new Date("2025-10-05T15:00:00+05:30");
const knowledge = new LexicalRetriever([
  {
    id: "refund-policy",
    title: "Refund policy",
    text: "We offer a 30-day money-back guarantee. Refunds are processed within 5-7 business days.",
  },
]);

/** A model that writes `output` in small chunks, like a token stream. */
const scripted = (...outputs: string[]): GenerateTokens =>
  async function* () {
    const output = outputs.shift() ?? "";
    for (let i = 0; i < output.length; i += 6) yield output.slice(i, i + 6);
  };

const json = (o: object) => JSON.stringify(o);
const base = {
  entities: {},
  needs_clarification: false,
  actions: [],
  used_knowledge: false,
  escalate_to_human: false,
};

async function collect(engine: DialogueEngine, utterance: string) {
  const events: EngineEvent[] = [];
  for await (const e of engine.respond(utterance)) events.push(e);
  const last = events.at(-1)!;
  if (last.type !== "turn") throw new Error("no turn");
  return {
    deltas: events
      .filter((e) => e.type === "response_delta")
      .map((e) => (e as { text: string }).text),
    result: last.result,
  };
}

describe("the policy layer has the last word over an LLM brain", () => {
  it("streams the model's response first and keeps its wording when the decision agrees", async () => {
    const brain = new LlmBrain(
      scripted(
        json({
          immediate_response:
            "Our 30-day money-back guarantee covers you. Refunds take 5-7 business days.",
          intent: "policy_query",
          ...base,
          used_knowledge: true,
        }),
      ),
    );
    const engine = new DialogueEngine({ site, brain, retriever: knowledge, now });
    const { deltas, result } = await collect(engine, "What is your refund policy?");
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join("")).toBe(result.turn.immediate_response);
    expect(result.brain).toBe("webllm");
    expect(result.turn.used_knowledge).toBe(true);
    expect(result.responseReplaced).toBe(false);
  });

  it("drops a phone number the visitor never said and asks for it instead", async () => {
    const brain = new LlmBrain(
      scripted(
        json({
          immediate_response: "Done! The catalog is on its way to your WhatsApp.",
          intent: "send_details_whatsapp",
          ...base,
          entities: {
            channel: "whatsapp",
            details_type: "product_catalog",
            whatsapp_number: "+919999999999",
          },
          actions: ["send_whatsapp"],
        }),
      ),
    );
    const engine = new DialogueEngine({ site, brain, retriever: knowledge, now });
    const { result } = await collect(engine, "Send me your catalog on WhatsApp");
    expect(result.requests).toEqual([]);
    expect(result.turn.needs_clarification).toBe(true);
    expect(result.turn.missing_info).toEqual(["whatsapp_number"]);
    expect(result.turn.immediate_response).toContain("WhatsApp number");
    expect(result.responseReplaced).toBe(true);
  });

  it("normalises what the visitor did say: a national number becomes E.164", async () => {
    const brain = new LlmBrain(
      scripted(
        json({
          immediate_response: "What number?",
          intent: "send_details_whatsapp",
          ...base,
          needs_clarification: true,
          missing_info: ["whatsapp_number"],
        }),
        json({
          immediate_response: "Perfect! Sending it now.",
          intent: "send_details_whatsapp",
          ...base,
          entities: { whatsapp_number: "9876543210", details_type: "product_catalog" },
          actions: ["send_whatsapp"],
        }),
      ),
    );
    const engine = new DialogueEngine({ site, brain, retriever: knowledge, now });
    await collect(engine, "Send me your catalog on WhatsApp");
    const { result } = await collect(engine, "It's 98765 43210");
    expect(result.turn.entities.whatsapp_number).toBe("+919876543210");
    expect(result.requests).toEqual([
      expect.objectContaining({
        type: "send_whatsapp",
        params: expect.objectContaining({ to: "+919876543210", template: "catalog" }),
      }),
    ]);
  });

  it("does not let the model answer from nothing: no passage, no answer", async () => {
    const brain = new LlmBrain(
      scripted(
        json({
          immediate_response: "Yes, we fully support Zoho API v2.0!",
          intent: "product_query",
          ...base,
          used_knowledge: true,
        }),
      ),
    );
    const engine = new DialogueEngine({ site, brain, retriever: knowledge, now });
    const { result } = await collect(engine, "Do you have integration with Zoho API v2.0?");
    expect(result.turn.used_knowledge).toBe(false);
    expect(result.turn.immediate_response).toContain("don't have specific information");
    expect(result.turn.immediate_response).not.toContain("fully support");
  });

  for (const [code, output] of [
    ["truncated", '{"immediate_response":"We offer a 30-day money-back gua'],
    ["invalid_json", "Sure! Our refund policy is 30 days."],
    ["schema", json({ immediate_response: "Hi", intent: "buy_now", ...base })],
  ] as const) {
    it(`decides the turn with the Lite brain when the model's output is ${code}`, async () => {
      const engine = new DialogueEngine({
        site,
        brain: new LlmBrain(scripted(output)),
        retriever: knowledge,
        now,
      });
      const { result } = await collect(engine, "What is your refund policy?");
      expect(result.brain).toBe("lite");
      expect(result.fallback?.code).toBe(code);
      expect(result.turn.used_knowledge).toBe(true);
      expect(result.turn.immediate_response).toContain("30-day money-back guarantee");
    });
  }
});
