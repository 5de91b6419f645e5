import { describe, expect, it } from "vitest";
import { stemWord } from "@parley/knowledge/stem";
import { LexicalRetriever } from "../retrieval/lexical-retriever";
import { contentTerms } from "./text";

describe("understanding stems words as retrieval does", () => {
  it("ship/shipped/shipping, cancel/cancelled, charge/charged give the same terms", () => {
    expect(contentTerms("ship shipped shipping")).toEqual(["ship", "ship", "ship"]);
    expect(new Set(contentTerms("cancel cancelled")).size).toBe(1);
    expect(new Set(contentTerms("charge charged")).size).toBe(1);
    // The same function as the BM25 index's, not a second copy that could drift.
    expect(contentTerms("charged")).toEqual([stemWord("charged")]);
  });

  it("the inline retriever answers a question asked in another form of the word", async () => {
    const retriever = new LexicalRetriever([
      { id: "a", title: "Delivery", text: "Orders are shipped within two working days." },
      { id: "b", title: "Billing", text: "Your card is charged when the order leaves." },
    ]);
    const [best] = await retriever.search("how fast is shipping", 1);
    expect(best?.id).toBe("a");
    const [billing] = await retriever.search("when am I charging", 1);
    expect(billing?.id).toBe("b");
  });
});
