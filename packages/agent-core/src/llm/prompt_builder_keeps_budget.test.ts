import { describe, expect, it } from "vitest";
import type { ConversationEntry, SiteProfile } from "@parley/protocol";
import type { BrainInput } from "../brain";
import { initialState } from "../policy/dialogue-state";
import { buildPrompt } from "./prompt-builder";

const site: SiteProfile = {
  company: "Example Store",
  defaultRegion: "IN",
  timezone: "Asia/Kolkata",
};

function input(history: ConversationEntry[]): BrainInput {
  const state = initialState({ name: "Jane Doe", phone: "+919876543210" });
  return {
    utterance: "And how long do refunds take?",
    history,
    passages: [
      {
        id: "a",
        documentId: "refund-policy",
        title: "Refund policy",
        text: "Refunds are processed within 5-7 business days.",
        score: 0.8,
      },
      {
        id: "b",
        documentId: "weather",
        title: "Unrelated",
        text: "Nothing to do with it.",
        score: 0.01,
      },
    ],
    threshold: { noAnswerBelow: 0.5 },
    documents: [],
    lead: { name: "Jane Doe", phone: "+919876543210" },
    site,
    now: new Date("2025-10-05T15:00:00+05:30"),
    state,
  };
}

const turns = (n: number): ConversationEntry[] =>
  Array.from({ length: n }, (_, i) => ({
    speaker: i % 2 ? "agent" : "visitor",
    text: `turn ${i} ${"words ".repeat(40)}`,
  }));

describe("the prompt builder", () => {
  it("marks retrieved knowledge, leaves out passages below the threshold, and includes the customer", () => {
    const p = buildPrompt(input([]));
    const system = p.messages[0]!.content;
    expect(p.messages[0]!.role).toBe("system");
    expect(system).toContain("KNOWLEDGE (retrieved");
    expect(system).toContain("Refunds are processed within 5-7 business days.");
    expect(system).not.toContain("Nothing to do with it");
    expect(system).toContain('"phone":"+919876543210"');
    expect(system).toContain("immediate_response");
    expect(p.messages.at(-1)).toEqual({
      role: "user",
      content: "VISITOR: And how long do refunds take?",
    });
  });

  it("drops the oldest history first to stay within the token budget", () => {
    const history = turns(40);
    const p = buildPrompt(input(history), { maxTokens: 2500 });
    expect(p.tokens).toBeLessThanOrEqual(2500);
    expect(p.droppedHistory).toBeGreaterThan(0);
    const kept = p.messages.slice(1, -1).map((m) => m.content);
    // What is kept is the most recent tail, in order.
    expect(kept.at(-1)).toContain("turn 39");
    expect(kept[0]).toContain(`turn ${p.droppedHistory} `);
    expect(p.messages[0]!.content).toContain("Refunds are processed");
  });

  it("keeps everything when it fits", () => {
    const p = buildPrompt(input(turns(4)), { maxTokens: 100_000 });
    expect(p.droppedHistory).toBe(0);
    expect(p.messages).toHaveLength(6);
  });
});
