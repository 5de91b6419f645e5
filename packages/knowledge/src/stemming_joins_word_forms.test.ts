import { describe, expect, it } from "vitest";
import { Bm25Index, lexicalTerms } from "./lexical";
import { stemWord } from "./stem";

const FORMS = [
  ["ship", "shipped", "shipping", "ships"],
  ["cancel", "cancelled", "canceled", "cancels"],
  ["charge", "charged", "charges", "charging"],
  ["refund", "refunds", "refunded"],
];

describe("one stemmer for retrieval", () => {
  it.each(FORMS)("%s and its forms share one stem", (...forms) => {
    const stems = new Set(forms.map(stemWord));
    expect([...stems]).toHaveLength(1);
  });

  it("keeps names and ids with digits as they are", () => {
    expect(stemWord("v2")).toBe("v2");
    expect(stemWord("ord98765")).toBe("ord98765");
  });

  it("a question in one form finds a passage written in another (BM25)", () => {
    const index = new Bm25Index([
      "Orders are shipped within two working days.",
      "You can cancel a subscription at any time.",
      "Your card is charged when the order leaves the warehouse.",
    ]);
    expect([...index.scores("how long does shipping take").keys()]).toEqual([0]);
    expect([...index.scores("my order was cancelled").keys()]).toContain(1);
    expect([...index.scores("when will I be charged").keys()]).toEqual([2]);
    expect(lexicalTerms("shipping")).toEqual(lexicalTerms("shipped"));
  });
});
