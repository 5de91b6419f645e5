import { describe, expect, it } from "vitest";
import { registerCatalogue, SENTENCE_IDS, sentencesFor } from "./catalogue";

describe("the sentence catalogue", () => {
  it("fills placeholders and leaves no braces in any English sentence", () => {
    const say = sentencesFor("en");
    for (const id of SENTENCE_IDS) {
      const values = new Proxy({}, { get: (_t, name) => `<${String(name)}>` }) as Record<
        string,
        string
      >;
      expect(say(id, values), id).not.toMatch(/[{}]/);
    }
    expect(sentencesFor(undefined)("goodbye", { company: "Example Store" })).toBe(
      "Thank you for calling Example Store. Have a great day!",
    );
  });

  it("speaks a registered language, region falling back to language, missing ids to English", () => {
    registerCatalogue("xx", { goodbye: "Danke, {company}!" });
    expect(sentencesFor("xx-DE")("goodbye", { company: "Example" })).toBe("Danke, Example!");
    expect(sentencesFor("xx")("hello")).toBe("Hello! How can I help you today?");
    expect(sentencesFor("fr")("hello")).toBe("Hello! How can I help you today?");
  });
});
