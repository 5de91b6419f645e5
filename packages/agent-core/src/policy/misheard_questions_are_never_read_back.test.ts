import { describe, expect, it } from "vitest";
import { DialogueEngine } from "../dialogue-engine";
import { LexicalRetriever } from "../retrieval/lexical-retriever";
import { longestSharedRun, MAX_READ_BACK_WORDS } from "./topic";

const knowledge = new LexicalRetriever([
  {
    id: "refund-policy",
    title: "Refund policy",
    text: "We offer a 30-day money-back guarantee. Refunds are processed within 5-7 business days.",
  },
  {
    id: "delivery",
    title: "Delivery",
    text: "Standard delivery takes 3 to 5 working days. Express delivery takes one day.",
  },
]);

/** Transcripts as a recogniser mishears them: fragments, wrong words, run-ons. */
const GARBLED = [
  "Do have integration with sales for API Me 2.0",
  "what the is um the thing with the for my account the",
  "can you the tell me about blue tooth the pairing with my car radio thing",
  "is there a like a way to get the the voucher thing on the app for free",
  "I was wondering if the the installer could come round on a Tuesday maybe",
  "hello are you the robot that does the returns or the other one",
  "my neighbour said you do a discount for pensioners on Wednesdays is that right",
  "do you guys do the extended protection plan for second hand items bought elsewhere",
];

describe("a misheard question is never read back", () => {
  for (const utterance of GARBLED) {
    it(utterance, async () => {
      const engine = new DialogueEngine({
        site: { company: "Example Store", defaultRegion: "GB", timezone: "Europe/London" },
        retriever: knowledge,
        now: () => new Date("2026-03-10T11:00:00Z"),
      });
      const result = await engine.decide(utterance);
      const said = `${result.turn.immediate_response} ${result.followUp ?? ""}`;
      expect(said.trim().length).toBeGreaterThan(0);
      expect(longestSharedRun(utterance, said), said).toBeLessThanOrEqual(MAX_READ_BACK_WORDS);
    });
  }

  it("still names a short, recognisable topic", async () => {
    const engine = new DialogueEngine({
      site: { company: "Example Store", defaultRegion: "GB", timezone: "Europe/London" },
      retriever: knowledge,
    });
    const result = await engine.decide("Do you sell hot tubs?");
    expect(result.turn.immediate_response).toContain("hot tubs");
    // A recogniser writes a product name as two words and spells out "version": still a name.
    const heard = await engine.decide(
      "Do you have integration with the sales force API version 2.0?",
    );
    expect(heard.turn.immediate_response).toContain("about sales force API 2.0 integration");
  });
});
