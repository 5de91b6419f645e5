import { describe, expect, it } from "vitest";
import {
  ActionRequest,
  AgentTurn,
  CallEvent,
  CreateSessionRequest,
  EventBatch,
  KnowledgeManifest,
  normalizeAgentTurn,
  parseWith,
  SiteConfig,
} from "./index";

const valid: AgentTurn = {
  immediate_response: "Sure! May I have your WhatsApp number?",
  intent: "send_details_whatsapp",
  entities: { channel: "whatsapp", details_type: "product_catalog", whatsapp_number: null },
  needs_clarification: true,
  clarification_question: "May I have your WhatsApp number?",
  missing_info: ["whatsapp_number"],
  actions: [],
  used_knowledge: false,
  escalate_to_human: false,
  sentiment: "neutral",
};

function rejectAgentTurn(data: unknown): string {
  const parsed = parseWith(AgentTurn, data);
  expect(parsed.ok).toBe(false);
  return parsed.ok ? "" : parsed.error;
}

describe("a malformed agent turn is rejected with a message naming the field", () => {
  it("accepts the valid baseline", () => {
    expect(parseWith(AgentTurn, valid).ok).toBe(true);
  });

  it("missing field", () => {
    const { intent: _intent, ...rest } = valid;
    expect(rejectAgentTurn(rest)).toMatch(/^intent: /);
  });

  it("wrong enum", () => {
    expect(rejectAgentTurn({ ...valid, intent: "buy_stuff" })).toMatch(/intent: Invalid option/);
  });

  it("phone that is not E.164", () => {
    const error = rejectAgentTurn({ ...valid, entities: { whatsapp_number: "9876543210" } });
    expect(error).toBe(
      "entities.whatsapp_number: must be an E.164 phone number like +919876543210",
    );
  });

  it("callback time without an offset", () => {
    expect(
      rejectAgentTurn({ ...valid, entities: { callback_time: "2025-10-06T10:00:00" } }),
    ).toMatch(/entities.callback_time: must be an ISO 8601 date-time with a UTC offset/);
  });

  it("bad email", () => {
    expect(rejectAgentTurn({ ...valid, entities: { email: "user@" } })).toMatch(
      /entities.email: must be an email/,
    );
  });

  it("extra huge string", () => {
    expect(rejectAgentTurn({ ...valid, immediate_response: "a".repeat(100_000) })).toMatch(
      /immediate_response: must be at most 2000 characters/,
    );
  });

  it("unknown entity key", () => {
    expect(rejectAgentTurn({ ...valid, entities: { shoe_size: 44 } })).toMatch(
      /entities: Unrecognized key/,
    );
  });

  it("unknown action through normalisation", () => {
    const parsed = normalizeAgentTurn(
      { ...valid, actions: ["launch_rocket"] },
      { timeZone: "UTC" },
    );
    expect(parsed.ok ? "" : parsed.error).toMatch(/^actions.0: Invalid option/);
  });

  it("a non-object", () => {
    const parsed = normalizeAgentTurn("[1,2]", { timeZone: "UTC" });
    expect(parsed.ok ? "" : parsed.error).toBe("(root): must be a JSON object");
  });
});

describe("relay API bodies reject bad input", () => {
  it("session creation needs a well-formed site id", () => {
    const parsed = parseWith(CreateSessionRequest, { siteId: "../etc/passwd" });
    expect(parsed.ok ? "" : parsed.error).toMatch(/^siteId: may contain only/);
  });

  it("an SMS action cannot carry a body", () => {
    const parsed = parseWith(ActionRequest, {
      type: "send_sms",
      idempotencyKey: "turn-1-sms",
      params: { to: "+919876543210", template: "order_tracking", body: "WIN A PRIZE" },
    });
    expect(parsed.ok ? "" : parsed.error).toMatch(/params: Unrecognized key: "body"/);
  });

  it("an SMS action to a local number is refused", () => {
    const parsed = parseWith(ActionRequest, {
      type: "send_sms",
      idempotencyKey: "turn-1-sms",
      params: { to: "9876543210", template: "order_tracking" },
    });
    expect(parsed.ok ? "" : parsed.error).toMatch(/params.to: must be an E.164/);
  });

  it("a turn event with an unknown intent or missing timings", () => {
    const parsed = parseWith(CallEvent, {
      type: "turn_ended",
      seq: 1,
      at: Date.now(),
      turnId: "t1",
      user_text: "hi",
      agent_text: "hello",
      intent: "chitchat",
      stage: "greeting",
      status: "active",
      used_knowledge: false,
      retrieved_docs: 0,
      top_score: null,
      missing_info: [],
      sentiment: "neutral",
      pending_actions: [],
      brain: "lite",
    });
    expect(parsed.ok ? "" : parsed.error).toMatch(/intent: Invalid option.*timings: /);
  });

  it("an event batch is bounded", () => {
    const events = Array.from({ length: 101 }, (_, i) => ({
      type: "rating",
      seq: i,
      at: 1,
      rating: 5,
    }));
    expect(parseWith(EventBatch, { events }).ok).toBe(false);
    expect(parseWith(EventBatch, { events: events.slice(0, 100) }).ok).toBe(true);
  });

  it("a site config with a bad time zone or origin", () => {
    const parsed = parseWith(SiteConfig, {
      id: "techcorp",
      company: "TechCorp",
      allowedOrigins: ["techcorp.com"],
      defaultRegion: "IN",
      timezone: "Mars/Olympus",
    });
    expect(parsed.ok ? "" : parsed.error).toMatch(
      /allowedOrigins.0: must be an origin.*timezone: must be an IANA/,
    );
  });

  it("a knowledge manifest with a path escaping its folder", () => {
    const parsed = parseWith(KnowledgeManifest, {
      formatVersion: 1,
      createdAt: "2026-11-21T00:00:00Z",
      embedder: { id: "use-lite", dims: 512 },
      threshold: { noAnswerBelow: 0.5, method: "calibrated" },
      counts: { documents: 1, chunks: 1 },
      files: [{ path: "../../secret", bytes: 1, sha256: "a".repeat(64) }],
      documents: [],
    });
    expect(parsed.ok ? "" : parsed.error).toMatch(/files.0.path: must be a relative path/);
  });
});
