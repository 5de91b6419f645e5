import { describe, expect, it } from "vitest";
import { dialogueActs } from "./dialogue-acts";

describe("dialogue acts: questions as speech-to-text writes them", () => {
  it("takes a reassurance question after a preface as a question, with or without '?'", () => {
    // Whisper's transcript of "Okay, I didn't get any notification. Are you sure it comes today?"
    expect(
      dialogueActs("Okay, I didn't get any notification, but you sure it comes today.").question,
    ).toBe(true);
    expect(dialogueActs("Are you sure it comes today").question).toBe(true);
  });

  it("keeps statements statements", () => {
    expect(dialogueActs("I'm sure you can help me with my order.").question).toBe(false);
    expect(dialogueActs("No, that's fine. Thanks for checking.").question).toBe(false);
    expect(dialogueActs("It still hasn't arrived. This is ridiculous.").question).toBe(false);
  });
});
