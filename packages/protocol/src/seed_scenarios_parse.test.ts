import { describe, expect, it } from "vitest";
import { AgentTurn, HandoffPackage, Order, normalizeAgentTurn } from "./index";
import { seedHandoff, seedOrder, seedTurns } from "./fixtures/seed-turns";

const ist = { timeZone: "Asia/Kolkata" };

describe("every JSON object in the product brief parses", () => {
  for (const [name, raw] of Object.entries(seedTurns)) {
    it(`agent turn: ${name}`, () => {
      const parsed = normalizeAgentTurn(raw, ist);
      if (!parsed.ok) throw new Error(parsed.error);
      expect(AgentTurn.parse(parsed.value)).toEqual(parsed.value);
      expect(parsed.value.immediate_response).not.toMatch(/\s{2,}/);
    });
  }

  it("order lookup result", () => {
    expect(Order.parse(seedOrder).status).toBe("Out for Delivery");
  });

  it("handoff package", () => {
    expect(HandoffPackage.parse(seedHandoff).customer_data.phone).toBe("+919876543210");
  });
});

describe("the documented normalisations", () => {
  const turn = (name: string) => {
    const parsed = normalizeAgentTurn(seedTurns[name], ist);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  };

  it("moves missing_info out of entities and sets needs_clarification", () => {
    const t = turn("scenario 3, whatsapp without number");
    expect(t.missing_info).toEqual(["whatsapp_number"]);
    expect(t.needs_clarification).toBe(true);
    expect("missing_info" in t.entities).toBe(false);
    expect(t.clarification_question).toBe(t.immediate_response);
  });

  it("gives an offset-less callback time the site's offset", () => {
    expect(turn("scenario 2, callback with time").entities.callback_time).toBe(
      "2025-10-06T10:00:00+05:30",
    );
  });

  it("maps fetch_product_catalog onto fetch_document with the catalog as details_type", () => {
    const t = turn("scenario 3, whatsapp with number");
    expect(t.actions).toEqual(["send_whatsapp", "fetch_document"]);
    expect(t.entities.details_type).toBe("product_catalog");
  });

  it("derives escalate_to_human from the actions and defaults sentiment to neutral", () => {
    const t = turn("scenario 5, out of knowledge");
    expect(t.escalate_to_human).toBe(true);
    expect(t.sentiment).toBe("neutral");
  });
});
