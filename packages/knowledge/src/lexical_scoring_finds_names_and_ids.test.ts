import { describe, expect, it } from "vitest";
import { Bm25Index, lexicalTerms, unknownNames } from "./lexical";

const texts = [
  "Your order ID looks like ORD98765; the courier number starts with TRK.",
  "Refunds are processed within 5-7 business days.",
  "We deliver laptops across India in 2-3 business days.",
  "The AeroBook 14 Pro has a 2.8K display.",
];

describe("BM25 lexical scoring", () => {
  const index = new Bm25Index(texts);

  it("keeps ids, versions and ranges as terms, and stems plurals and tenses", () => {
    expect(lexicalTerms("Salesforce API v2.0")).toEqual(["salesforc", "api", "v2.0", "v2", "0"]);
    expect(lexicalTerms("ORD98765")).toEqual(["ord98765"]);
    expect(lexicalTerms("refunds refunded refunding")).toEqual(["refund", "refund", "refund"]);
    expect(lexicalTerms("received receive")).toEqual(["receiv", "receiv"]);
  });

  it("finds the text that contains an exact order id", () => {
    const scores = index.scores("where is ORD98765");
    expect([...scores.keys()]).toEqual([0]);
    expect(scores.get(0)).toBeGreaterThan(0.5);
  });

  it("scores a question whose main name is unknown low everywhere", () => {
    const best = Math.max(
      0,
      ...index.scores("Do you have integration with Salesforce API v2.0?").values(),
    );
    expect(best).toBeLessThan(0.1);
  });

  it("lists the names a question uses that no text mentions", () => {
    expect(unknownNames("Do you have integration with Salesforce API v2.0?", index)).toEqual([
      "Salesforce",
      "API",
      "v2.0",
    ]);
    expect(unknownNames("Is the AeroBook 14 Pro in stock?", index)).toEqual([]);
    expect(unknownNames("Where is ORD98765? Call me at 10 AM", index)).toEqual([]);
  });
});
