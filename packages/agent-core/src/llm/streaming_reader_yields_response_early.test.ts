import { describe, expect, it } from "vitest";
import { BrainOutputError } from "../errors";
import { StreamingTurnReader } from "./streaming-turn-reader";

/** Feed `text` in pieces of `size` characters; return the increments and the parsed value. */
function read(text: string, size: number) {
  const reader = new StreamingTurnReader();
  const increments: string[] = [];
  for (let i = 0; i < text.length; i += size) {
    const d = reader.push(text.slice(i, i + size));
    if (d) increments.push(d);
  }
  return { increments, value: reader.end(), reader };
}

const turn = {
  immediate_response: 'We offer a "30-day" guarantee.\nRefunds take 5-7 days — ok? 👍 \\ done',
  intent: "policy_query",
  entities: {},
  needs_clarification: false,
  actions: [],
  used_knowledge: true,
  escalate_to_human: false,
};

describe("the streaming JSON reader", () => {
  for (const size of [1, 2, 3, 7, 1000]) {
    it(`decodes immediate_response exactly, in chunks of ${size}`, () => {
      const { increments, value } = read(JSON.stringify(turn), size);
      expect(increments.join("")).toBe(turn.immediate_response);
      expect(value).toEqual(turn);
    });
  }

  it("hands out text before the JSON is complete", () => {
    const reader = new StreamingTurnReader();
    expect(reader.push('{ "immediate_response" : "Hello the')).toBe("Hello the");
    expect(reader.push("re. How")).toBe("re. How");
    expect(reader.push(' can I help?", "intent": "gree')).toBe(" can I help?");
    expect(reader.responseSoFar).toBe("Hello there. How can I help?");
    expect(() => reader.end()).toThrow(BrainOutputError);
  });

  it("survives \\u escapes and a surrogate pair split across chunks", () => {
    const json = '{"immediate_response":"caf\\u00e9 \\ud83d\\ude00!","intent":"other"}';
    const { increments, value } = read(json, 5);
    expect(increments.join("")).toBe("café 😀!");
    // No increment ends in half a character.
    for (const inc of increments) expect(/[\ud800-\udbff]$/.test(inc)).toBe(false);
    expect((value as { immediate_response: string }).immediate_response).toBe("café 😀!");
  });

  it("finds the field in any order, ignores nested keys of the same name and whitespace", () => {
    const json = `\n\n{"intent":"other",\n "entities": {"immediate_response": "nested"},\n\t"immediate_response"\n:\n"outer"}`;
    const { increments, value } = read(json, 4);
    expect(increments.join("")).toBe("outer");
    expect((value as { intent: string }).intent).toBe("other");
  });

  it("accepts a ```json fence around the object", () => {
    const { value } = read('```json\n{"immediate_response":"Hi","intent":"greeting"}\n```', 3);
    expect(value).toEqual({ immediate_response: "Hi", intent: "greeting" });
  });

  it("reports truncated output with a typed, non-retryable error", () => {
    const reader = new StreamingTurnReader();
    reader.push('{"immediate_response":"We offer a 30-day');
    try {
      reader.end();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BrainOutputError);
      expect((error as BrainOutputError).code).toBe("truncated");
      expect((error as BrainOutputError).retryable).toBe(false);
    }
  });

  it("reports invalid JSON (prose, trailing text, bad tokens)", () => {
    for (const bad of [
      "Sure! Here you go.",
      'Sure! {"intent":"other"}',
      '{"intent":"other"} and more',
      '{"intent": other}',
    ]) {
      const reader = new StreamingTurnReader();
      reader.push(bad);
      expect(() => reader.end(), bad).toThrow(expect.objectContaining({ code: "invalid_json" }));
    }
  });
});
