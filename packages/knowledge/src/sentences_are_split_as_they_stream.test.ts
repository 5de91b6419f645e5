import { describe, expect, it } from "vitest";
import { SentenceSplitter, splitSentences } from "./sentences";

describe("SentenceSplitter", () => {
  it("releases the first sentence as soon as it is complete, before the rest streams", () => {
    const splitter = new SentenceSplitter();
    expect(splitter.push("We offer a 30-day money")).toEqual([]);
    expect(splitter.push("-back guarantee. If you")).toEqual([
      "We offer a 30-day money-back guarantee.",
    ]);
    expect(splitter.push("'re not satisfied, contact us.")).toEqual([]);
    expect(splitter.flush()).toBe("If you're not satisfied, contact us.");
  });

  it("does not split decimals, versions or abbreviations", () => {
    expect(
      splitSentences(
        "Salesforce API v2.0 is new. Refunds take 5.5 days, e.g. for Mr. Smith. Done!",
      ),
    ).toEqual([
      "Salesforce API v2.0 is new.",
      "Refunds take 5.5 days, e.g. for Mr. Smith.",
      "Done!",
    ]);
  });

  it("keeps a number split across increments whole", () => {
    const splitter = new SentenceSplitter();
    expect(splitter.push("It costs 5.")).toEqual([]);
    expect(splitter.push("99 dollars. Anything else?")).toEqual(["It costs 5.99 dollars."]);
    expect(splitter.flush()).toBe("Anything else?");
  });

  it("handles question marks, exclamation runs and closing quotes", () => {
    expect(splitSentences('Sure! May I have your number?! He said "fine." Then left')).toEqual([
      "Sure!",
      "May I have your number?!",
      'He said "fine."',
      "Then left",
    ]);
  });

  it("returns nothing for empty or whitespace input", () => {
    expect(splitSentences("   ")).toEqual([]);
    expect(new SentenceSplitter().flush()).toBeNull();
  });
});
