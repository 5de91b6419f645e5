/**
 * The dashboard and agent console against real relay processes (two, sharing one libSQL file:
 * the dashboard is served by one, the visitor talks to the other) in real Chromium.
 */
import {
  chromium,
  expect,
  test,
  type Browser,
  type BrowserContext,
  type Page,
} from "@playwright/test";
import { chromiumLaunchOptions } from "../../../packages/test-rig/src/chromium";
import { PAGE_ROLES } from "./pages";
import {
  ADMIN_TOKEN,
  ensureDashboardBuilt,
  siteConfig,
  startRelay,
  startVisitorSite,
  stopRelay,
  tempDatabase,
  type RelayProcess,
  type VisitorSite,
} from "./e2e/relay-processes";
import { action, events, openCall, turn } from "./e2e/visitor";

test.describe.configure({ mode: "serial" });

let browser: Browser;
let relayA: RelayProcess | undefined; // serves the dashboard
let relayB: RelayProcess | undefined; // the visitor's relay
let visitorSite: VisitorSite;
let db: { url: string; dispose(): void };
let admin: BrowserContext;
let adminPage: Page;

const CAPTURE_PEERS = `
  window.__pcs = [];
  if (window.RTCPeerConnection) {
    const Original = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Original { constructor(...a) { super(...a); window.__pcs.push(this); } };
  }`;
const BLOCK_WEBRTC = `delete window.RTCPeerConnection; window.RTCPeerConnection = undefined; window.__pcs = [];`;

async function audioBytes(page: Page): Promise<{ sent: number; received: number }> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    const pc = pcs.at(-1);
    if (!pc) return { sent: 0, received: 0 };
    let sent = 0;
    let received = 0;
    (await pc.getStats()).forEach(
      (r: { type: string; kind?: string; bytesSent?: number; bytesReceived?: number }) => {
        if (r.type === "outbound-rtp" && r.kind === "audio") sent += r.bytesSent ?? 0;
        if (r.type === "inbound-rtp" && r.kind === "audio") received += r.bytesReceived ?? 0;
      },
    );
    return { sent, received };
  });
}

/** The dashboard's own API from a logged-in page (cookie + CSRF header, like the app). */
async function dashApi(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = (await (await fetch("/dashboard/api/auth/me")).json()) as { csrfToken: string };
      const res = await fetch(`/dashboard/api${path}`, {
        method,
        headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return {
        status: res.status,
        body: (await res.json().catch(() => null)) as Record<string, unknown>,
      };
    },
    { method, path, body },
  );
}

async function login(page: Page, username: string, password: string) {
  await page.goto(`${relayA!.url}/dashboard/login`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Password").press("Enter");
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  ensureDashboardBuilt();
  visitorSite = await startVisitorSite();
  db = tempDatabase();
  const config = siteConfig(visitorSite.origin);
  relayA = await startRelay(db.url, config);
  relayB = await startRelay(db.url, config);
  browser = await chromium.launch({
    ...chromiumLaunchOptions({
      fakeMedia: true,
      args: ["--autoplay-policy=no-user-gesture-required"],
    }),
    headless: true,
  });
  admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  adminPage = await admin.newPage();
  // First run: the login page offers the bootstrap form, which needs PARLEY_ADMIN_TOKEN.
  await adminPage.goto(`${relayA.url}/dashboard/live`);
  await expect(adminPage).toHaveURL(/\/dashboard\/login\?next=/);
  await expect(adminPage.getByRole("heading", { name: "Create the first admin" })).toBeVisible();
  await adminPage.getByLabel("Admin token").fill(ADMIN_TOKEN);
  await adminPage.getByLabel("Your name").fill("Site Admin");
  await adminPage.getByLabel("Username").fill("admin");
  await adminPage.getByLabel("Password").fill("admin-password-1");
  await adminPage.getByRole("button", { name: "Create admin and log in" }).click();
  await expect(adminPage.getByRole("heading", { name: "Live call monitoring" })).toBeVisible();
  const created = await dashApi(adminPage, "POST", "/users", {
    username: "john",
    displayName: "John",
    password: "john-password-1",
    role: "agent",
    agentId: "agent_45",
  });
  expect(created.status).toBe(201);
});

test.afterAll(async () => {
  await browser?.close();
  await stopRelay(relayA);
  await stopRelay(relayB);
  await visitorSite?.close();
  db?.dispose();
});

test("a complaint call shows up on the live dashboard within 1 s: intent, stage, actions, ticket", async () => {
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(`${visitorSite.origin}/visitor.html`);
  const relay = relayB!.url;
  await adminPage.goto(`${relayA!.url}/dashboard/live`);
  await expect(adminPage.getByText("Live", { exact: false }).first()).toBeVisible();
  const within1s = { timeout: 1000 };
  const seen: Record<string, number> = {};
  const measure = async (label: string, check: () => Promise<void>) => {
    const t0 = Date.now();
    await check();
    seen[label] = Date.now() - t0;
  };

  const call = await openCall(visitor, relay);
  const card = adminPage.locator(`article[data-session="${call.sessionId}"]`);
  await measure("call appears", () => expect(card).toBeVisible(within1s));

  await events(visitor, relay, call, [
    turn({
      user: "I ordered a laptop 5 days ago and haven't received it yet! This is unacceptable!",
      agent:
        "I sincerely apologize for the delay. Let me check your order status right away. May I have your order ID, please?",
      intent: "complaint",
      stage: "clarification",
      status: "clarification",
      used_knowledge: true,
      retrieved_docs: 2,
      missing_info: ["order_id"],
      sentiment: "angry",
      pending_actions: ["create_ticket", "lookup_order"],
      timings: {
        stt_ms: 780,
        retrieval_ms: 35,
        brain_first_token_ms: 220,
        brain_ms: 610,
        tts_first_audio_ms: 140,
        voice_to_voice_ms: 1180,
        turn_ms: 5200,
      },
    }),
  ]);
  await measure("turn 1", async () => {
    await expect(card.locator("[data-field=intent]")).toHaveText(/complaint/, within1s);
    await expect(card.locator("[data-field=stage]")).toHaveText("clarification", within1s);
    await expect(card.locator("[data-field=missing]")).toHaveText("order id", within1s);
  });
  await expect(card.locator("[data-field=status]")).toContainText("clarification");
  await expect(card.locator("[data-field=knowledge]")).toContainText("Yes (2 docs retrieved)");
  await expect(card.locator("[data-field=response]")).toHaveText("1.2s avg");

  const ticket = await action<{ ticketNumber: string }>(visitor, relay, call, "create_ticket", {
    issue_type: "delivery_delay",
    priority: "high",
    summary: "Laptop ordered 5 days ago not received",
  });
  const ticketNumber = ticket.result!.ticketNumber;
  expect(ticketNumber).toMatch(/^#\d{5,}$/);
  await measure("ticket", () =>
    expect(card.locator("[data-field=ticket]")).toContainText(ticketNumber, within1s),
  );

  await events(visitor, relay, call, [
    turn({
      user: "It's ORD98765",
      agent:
        "Thank you. Your laptop is out for delivery and should reach you by 6 PM today. I'll also send you a tracking link via SMS.",
      intent: "complaint",
      stage: "sending_communications",
      status: "background_processing",
      sentiment: "neutral",
      pending_actions: ["send_sms", "update_ticket", "send_email"],
      timings: {
        stt_ms: 600,
        brain_first_token_ms: 180,
        brain_ms: 500,
        tts_first_audio_ms: 120,
        voice_to_voice_ms: 900,
      },
    }),
  ]);
  await action(visitor, relay, call, "send_sms", {
    to: "+919876543210",
    template: "order_tracking",
    orderId: "ORD98765",
  });
  await action(visitor, relay, call, "send_email", {
    to: "user@example.com",
    template: "order_update",
    orderId: "ORD98765",
  });
  await action(visitor, relay, call, "update_ticket", {
    ticket: ticketNumber,
    status: "resolved",
    resolution: "Order out for delivery, ETA today 6 PM",
  });
  await measure("turn 2 + actions", async () => {
    await expect(card.locator("[data-field=stage]")).toHaveText("sending communications", within1s);
    await expect(card.locator("[data-field=status]")).toContainText(
      "background processing",
      within1s,
    );
    await expect(card.locator("[data-field=actions]")).toContainText("SMS", within1s);
    await expect(card.locator("[data-field=actions]")).toContainText("Email", within1s);
    await expect(card.locator("[data-field=ticket]")).toContainText("resolved", within1s);
  });
  await expect(card.locator("[data-field=sentiment]")).toHaveText("angry → neutral");

  await events(visitor, relay, call, [
    turn({
      user: "No, that's fine. Thank you for checking",
      agent: "You're welcome! Thank you for calling TechCorp.",
      intent: "goodbye",
      stage: "closing",
      status: "active",
      sentiment: "positive",
      timings: { voice_to_voice_ms: 800 },
    }),
    { type: "call_ended", reason: "completed", rating: 5 },
  ]);
  await measure("call ended", () => expect(card).toContainText("autonomous", within1s));
  console.log(
    `[dashboard e2e] visitor (relay B) → dashboard (relay A) latencies, ms: ${JSON.stringify(seen)}`,
  );

  // Click through to the transcript with per-turn timings (keyboard: focus the link, Enter).
  await card.getByRole("link").focus();
  await adminPage.keyboard.press("Enter");
  await expect(adminPage.getByRole("heading", { name: "Transcript" })).toBeVisible();
  await expect(adminPage.locator(".transcript")).toContainText("I ordered a laptop 5 days ago");
  await expect(adminPage.locator("[data-field=timings]").first()).toContainText(
    "STT 780 ms · retrieval 35 ms · first token 220 ms · brain 610 ms · first audio 140 ms · voice-to-voice 1180 ms",
  );

  // The ticket shows up in the records with its number.
  await adminPage.getByRole("link", { name: "Tickets" }).click();
  const row = adminPage.locator(`tr[data-ticket="${ticketNumber}"]`);
  await expect(row).toContainText("delivery delay");
  await expect(row.getByLabel(`Status of ${ticketNumber}`)).toHaveValue("resolved");
  // CSV export of tickets carries it too.
  const csv = await adminPage.evaluate(async () =>
    (await fetch("/dashboard/api/export/tickets.csv?site=techcorp")).text(),
  );
  expect(csv.split("\r\n")[0]).toBe(
    "number,created,updated,issue_type,priority,status,summary,resolution,order_id,session",
  );
  expect(csv).toContain(`${ticketNumber},`);
  await visitorContext.close();
});

async function escalateFromVisitor(visitor: Page, relay: string) {
  const call = await openCall(visitor, relay);
  await events(visitor, relay, call, [
    turn({
      user: "Do you have integration with Salesforce API v2.0?",
      agent: "Let me connect you with one of our technical specialists.",
      intent: "product_query",
      stage: "escalation",
      status: "waiting_for_human",
      sentiment: "neutral",
      timings: { voice_to_voice_ms: 1000 },
    }),
  ]);
  await action(visitor, relay, call, "escalate_to_human", {
    category: "technical",
    urgency: "medium",
    handoff: {
      customer: "user_123",
      conversation_history: [
        { speaker: "visitor", text: "Do you have integration with Salesforce API v2.0?" },
        { speaker: "agent", text: "Let me connect you with one of our technical specialists." },
      ],
      query: "Salesforce API v2.0 integration",
      customer_data: { name: "Jane Doe", company: "Acme Corp", phone: "+919876543210" },
      ai_attempted: true,
      reason: "Technical query outside knowledge base",
    },
  });
  await visitor.evaluate(
    ({ relay, token }) => {
      const w = window as unknown as {
        events: unknown[];
        client: unknown;
        ParleyHandoff: { startHandoffClient: (o: unknown) => unknown };
      };
      w.events = [];
      w.client = w.ParleyHandoff.startHandoffClient({
        relayUrl: relay,
        token,
        waitMs: 10_000,
        onEvent: (e: { type: string; stream?: MediaStream }) => {
          if (e.type === "voice" && e.stream) {
            const audio = new Audio();
            audio.srcObject = e.stream;
            void audio.play().catch(() => undefined);
            w.events.push({ type: "voice" });
          } else w.events.push(e);
        },
      });
    },
    { relay, token: call.token },
  );
  return call;
}

const visitorEvents = (page: Page) =>
  page.evaluate(
    () =>
      (
        window as unknown as {
          events: { type: string; text?: string; from?: string; ticketNumber?: string }[];
        }
      ).events,
  );

async function agentConsole(initScript: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  await context.addInitScript(initScript);
  const page = await context.newPage();
  await login(page, "john", "john-password-1");
  await expect(page.getByRole("heading", { name: "Agent console — John" })).toBeVisible();
  await expect(page.getByText("Connected for notifications")).toBeVisible();
  return { context, page };
}

test("escalation: the agent is notified with the handoff package, accepts, and voice flows both ways over WebRTC", async () => {
  const { context: agentContext, page: agent } = await agentConsole(CAPTURE_PEERS);
  const visitorContext = await browser.newContext();
  await visitorContext.addInitScript(CAPTURE_PEERS);
  const visitor = await visitorContext.newPage();
  await visitor.goto(`${visitorSite.origin}/visitor.html`);
  await escalateFromVisitor(visitor, relayB!.url);

  const offer = agent.getByRole("alert").filter({ hasText: "New escalation from AI" });
  await expect(offer).toBeVisible({ timeout: 2000 });
  const pkg = offer.getByTestId("handoff-package");
  await expect(pkg.locator("[data-field=customer]")).toHaveText("user_123");
  await expect(pkg.locator("[data-field=customer-data]")).toHaveText(
    "Jane Doe · Acme Corp · +919876543210",
  );
  await expect(pkg.locator("[data-field=query]")).toHaveText("Salesforce API v2.0 integration");
  await expect(pkg.locator("[data-field=reason]")).toContainText(
    "Technical query outside knowledge base (technical",
  );
  await expect(pkg.locator("[data-field=ai-attempted]")).toHaveText("Yes");
  await expect(pkg.locator("[data-field=history]")).toContainText("Salesforce API v2.0?");
  await offer.getByRole("button", { name: "Accept" }).click();

  await expect
    .poll(async () => (await visitorEvents(visitor)).find((e) => e.type === "connected")?.text, {
      timeout: 5000,
    })
    .toMatch(/connected to John/);
  await expect(agent.getByTestId("voice-state")).toHaveText("voice connected", { timeout: 15_000 });
  await expect
    .poll(async () => (await visitorEvents(visitor)).some((e) => e.type === "voice_connected"), {
      timeout: 10_000,
    })
    .toBe(true);
  // Audio bytes flow both ways (fake microphones on both sides).
  await expect
    .poll(
      async () => {
        const a = await audioBytes(agent);
        const v = await audioBytes(visitor);
        return a.sent > 2000 && a.received > 2000 && v.sent > 2000 && v.received > 2000;
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  const agentBytes = await audioBytes(agent);
  const visitorBytes = await audioBytes(visitor);
  console.log(
    `[dashboard e2e] WebRTC audio bytes — agent sent ${agentBytes.sent}, received ${agentBytes.received}; visitor sent ${visitorBytes.sent}, received ${visitorBytes.received}`,
  );

  // The live dashboard shows the call with the agent.
  await adminPage.goto(`${relayA!.url}/dashboard/live`);
  await expect(
    adminPage.locator("[data-field=status]").filter({ hasText: "with agent" }),
  ).toHaveCount(1);

  // End with a resolution: the visitor hears it ended, the ticket is opened resolved.
  await agent
    .getByLabel("Resolution")
    .fill("Confirmed Salesforce API v2.0 support; sent setup guide");
  await agent.getByRole("button", { name: "End conversation" }).click();
  await expect(
    agent
      .getByRole("status")
      .filter({ hasText: /Ended.*Ticket #\d+/ })
      .first(),
  ).toBeVisible();
  await expect
    .poll(
      async () => (await visitorEvents(visitor)).find((e) => e.type === "ended")?.ticketNumber,
      { timeout: 5000 },
    )
    .toMatch(/^#\d+$/);
  await agentContext.close();
  await visitorContext.close();
});

test("with WebRTC blocked the text chat carries messages both ways, into the call record", async () => {
  const { context: agentContext, page: agent } = await agentConsole(BLOCK_WEBRTC);
  const visitorContext = await browser.newContext();
  await visitorContext.addInitScript(BLOCK_WEBRTC);
  const visitor = await visitorContext.newPage();
  await visitor.goto(`${visitorSite.origin}/visitor.html`);
  const call = await escalateFromVisitor(visitor, relayB!.url);

  const offer = agent.getByRole("alert").filter({ hasText: "New escalation from AI" });
  await offer.getByRole("button", { name: "Accept" }).click();
  await expect(agent.getByTestId("voice-state")).toContainText("voice unavailable");
  await expect
    .poll(async () => (await visitorEvents(visitor)).some((e) => e.type === "voice_failed"), {
      timeout: 5000,
    })
    .toBe(true);

  await visitor.evaluate(() =>
    (window as unknown as { client: { sendChat(t: string): Promise<void> } }).client.sendChat(
      "Hi, does v2.0 support bulk upserts?",
    ),
  );
  await expect(agent.getByTestId("agent-chat")).toContainText("Customer", { timeout: 3000 });
  await expect(agent.getByTestId("agent-chat")).toContainText(
    "Hi, does v2.0 support bulk upserts?",
  );
  const box = agent.getByLabel("Message to the customer");
  await box.fill("Yes — bulk upserts are supported in v2.0.");
  await box.press("Enter");
  await expect
    .poll(
      async () =>
        (await visitorEvents(visitor))
          .filter((e) => e.type === "chat" && e.from === "agent")
          .map((e) => e.text),
      { timeout: 3000 },
    )
    .toEqual(["Yes — bulk upserts are supported in v2.0."]);

  const record = await dashApi(adminPage, "GET", `/calls/${call.sessionId}`);
  const lines = (record.body.transcript as { speaker: string; text: string }[])
    .filter((m) => m.speaker === "visitor" || m.speaker === "human_agent")
    .map((m) => `${m.speaker}: ${m.text}`);
  expect(lines.slice(-2)).toEqual([
    "visitor: Hi, does v2.0 support bulk upserts?",
    "human_agent: Yes — bulk upserts are supported in v2.0.",
  ]);
  await agent.getByLabel("Resolution").fill("Answered bulk upsert question by chat");
  await agent.getByRole("button", { name: "End conversation" }).click();
  await expect(
    agent
      .getByRole("status")
      .filter({ hasText: /Ended.*Ticket #\d+/ })
      .first(),
  ).toBeVisible();
  await agentContext.close();
  await visitorContext.close();
});

test("metrics for a seeded hour of calls match values computed independently", async () => {
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(`${visitorSite.origin}/visitor.html`);
  const relay = relayB!.url;
  // Per call: turns (voice-to-voice and stage timings), knowledge use, sentiment, ending, rating, escalation, messages.
  const seeded = [
    {
      turns: [
        { v2v: 900, stt: 600, ret: 30, ft: 200, used: true },
        { v2v: 1100, stt: 700, ret: 40, ft: 250, used: false },
      ],
      sentiment: ["neutral", "positive"],
      end: "completed",
      rating: 5,
      sms: 1,
    },
    {
      turns: [{ v2v: 1500, stt: 800, ret: 50, ft: 300, used: true }],
      sentiment: ["angry", "neutral"],
      end: "completed",
      email: 1,
    },
    {
      turns: [{ v2v: 2100, stt: 900, ret: 60, ft: 400, used: false }],
      sentiment: ["negative"],
      end: "escalated",
      escalate: true,
    },
    {
      turns: [
        { v2v: 700, stt: 500, ret: 20, ft: 150, used: true },
        { v2v: 800, stt: 550, ret: 25, ft: 160, used: true },
      ],
      sentiment: ["neutral"],
      end: "completed",
      rating: 4,
      whatsapp: 1,
    },
    {
      turns: [{ v2v: 3000, stt: 1200, ret: 70, ft: 900, used: false }],
      sentiment: ["angry"],
      end: "abandoned",
    },
    {
      turns: [{ v2v: 1200, stt: 650, ret: 35, ft: 210, used: false }],
      sentiment: ["positive"],
      end: "completed",
      rating: 2,
      sms: 1,
      callback: true,
    },
  ];
  const SATISFACTION: Record<string, number> = {
    angry: 1,
    negative: 2,
    neutral: 3.5,
    positive: 4.5,
  };
  let phone = 10;
  for (const spec of seeded) {
    const call = await openCall(visitor, relay, "metricsco");
    const list: Record<string, unknown>[] = [];
    spec.turns.forEach((t, i) => {
      list.push(
        turn({
          user: `question ${i}`,
          agent: `answer ${i}`,
          intent: "policy_query",
          stage: "resolution",
          status: "active",
          used_knowledge: t.used,
          retrieved_docs: t.used ? 3 : 0,
          sentiment: spec.sentiment[Math.min(i, spec.sentiment.length - 1)]!,
          timings: {
            stt_ms: t.stt,
            retrieval_ms: t.ret,
            brain_first_token_ms: t.ft,
            voice_to_voice_ms: t.v2v,
          },
        }),
      );
    });
    // Any sentiments beyond the turns' own come as extra short turns without timings.
    for (const s of spec.sentiment.slice(spec.turns.length))
      list.push(
        turn({
          user: "ok",
          agent: "great",
          intent: "other",
          stage: "closing",
          status: "active",
          sentiment: s,
        }),
      );
    await events(visitor, relay, call, list);
    if (spec.sms)
      await action(visitor, relay, call, "send_sms", {
        to: `+9198765432${phone++}`,
        template: "order_tracking",
        orderId: "ORD98765",
      });
    if (spec.email)
      await action(visitor, relay, call, "send_email", {
        to: `metrics${phone++}@example.com`,
        template: "order_update",
        orderId: "ORD98765",
      });
    if (spec.whatsapp)
      await action(visitor, relay, call, "send_whatsapp", {
        to: `+9198765432${phone++}`,
        template: "catalog",
      });
    if (spec.callback)
      await action(visitor, relay, call, "schedule_callback", {
        phone: `+9198765432${phone++}`,
        time: new Date(Date.now() + 30 * 60_000).toISOString().replace("Z", "+00:00"),
      });
    if (spec.escalate) {
      await action(visitor, relay, call, "escalate_to_human", {
        category: "billing",
        handoff: {
          customer: "c",
          conversation_history: [],
          query: "refund dispute",
          customer_data: {},
          ai_attempted: true,
          reason: "billing dispute",
        },
      });
    }
    await events(visitor, relay, call, [
      { type: "call_ended", reason: spec.end, ...(spec.rating ? { rating: spec.rating } : {}) },
    ]);
  }

  // Computed here, from the seed alone.
  const turns = seeded.flatMap((s) => s.turns);
  const v2v = turns.map((t) => t.v2v).sort((a, b) => a - b);
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const p90 = v2v[Math.ceil(0.9 * v2v.length) - 1]!;
  const satisfaction = avg(seeded.map((s) => s.rating ?? SATISFACTION[s.sentiment.at(-1)!]!));
  const expected = {
    totalCalls: seeded.length,
    avgVoiceToVoiceMs: avg(v2v),
    p90VoiceToVoiceMs: p90,
    stt: avg(turns.map((t) => t.stt)),
    retrieval: avg(turns.map((t) => t.ret)),
    firstToken: avg(turns.map((t) => t.ft)),
    rag: seeded.filter((s) => s.turns.some((t) => t.used)).length,
    autonomous: seeded.filter((s) => s.end === "completed").length,
    escalations: seeded.filter((s) => s.escalate).length,
    // The relay confirms every scheduled callback by SMS (the brief's scenario 2).
    sms: seeded.filter((s) => s.sms).length + seeded.filter((s) => s.callback).length,
    email: seeded.filter((s) => s.email).length,
    whatsapp: seeded.filter((s) => s.whatsapp).length,
    callbacksDue: seeded.filter((s) => s.callback).length,
    ratings: seeded.filter((s) => s.rating).length,
    satisfaction,
  };

  const to = Date.now() + 2 * 60 * 60_000; // a custom range reaching past the callback's due time
  const from = Date.now() - 60 * 60_000;
  // Every requested message has an outbox row at once (the worker then sends or stores it).
  await expect
    .poll(
      async () => {
        const m = (await dashApi(adminPage, "GET", `/metrics?site=metricsco&from=${from}&to=${to}`))
          .body as { messages: Record<string, { requested: number }> };
        return ["sms", "email", "whatsapp"].map((c) => m.messages[c]!.requested);
      },
      { timeout: 10_000 },
    )
    .toEqual([expected.sms, expected.email, expected.whatsapp]);
  const m = (await dashApi(adminPage, "GET", `/metrics?site=metricsco&from=${from}&to=${to}`))
    .body as Record<string, unknown> & {
    stageBreakdown: Record<string, number>;
    ragUsage: { count: number; total: number; percent: number };
    autonomous: { count: number };
    escalations: { count: number };
    satisfaction: { average: number; ratings: number };
  };
  expect(m.totalCalls).toBe(expected.totalCalls);
  expect(m.avgVoiceToVoiceMs).toBeCloseTo(expected.avgVoiceToVoiceMs, 6);
  expect(m.p90VoiceToVoiceMs).toBe(expected.p90VoiceToVoiceMs);
  expect(m.stageBreakdown.stt_ms).toBeCloseTo(expected.stt, 6);
  expect(m.stageBreakdown.retrieval_ms).toBeCloseTo(expected.retrieval, 6);
  expect(m.stageBreakdown.brain_first_token_ms).toBeCloseTo(expected.firstToken, 6);
  expect(m.ragUsage.count).toBe(expected.rag);
  expect(m.ragUsage.percent).toBeCloseTo((100 * expected.rag) / expected.totalCalls, 6);
  expect(m.autonomous.count).toBe(expected.autonomous);
  expect(m.escalations.count).toBe(expected.escalations);
  expect(m.callbacksDue).toBe(expected.callbacksDue);
  expect(m.satisfaction.ratings).toBe(expected.ratings);
  expect(m.satisfaction.average).toBeCloseTo(expected.satisfaction, 6);

  // The page shows the same numbers for the last hour.
  await adminPage.goto(`${relayA!.url}/dashboard/metrics`);
  await adminPage.getByLabel("Site").selectOption("metricsco");
  await expect(adminPage.locator("[data-metric=total-calls]")).toHaveText(
    String(expected.totalCalls),
  );
  await expect(adminPage.locator("[data-metric=avg-v2v]")).toHaveText(
    `${(expected.avgVoiceToVoiceMs / 1000).toFixed(1)}s`,
  );
  await expect(adminPage.locator("[data-metric=p90-v2v]")).toHaveText(
    `${(p90 / 1000).toFixed(1)}s`,
  );
  await expect(adminPage.locator("[data-metric=rag]")).toHaveText(
    `${expected.rag}/${expected.totalCalls} (${Math.round((100 * expected.rag) / expected.totalCalls)}%)`,
  );
  await expect(adminPage.locator("[data-metric=autonomous]")).toHaveText(
    `${expected.autonomous}/${expected.totalCalls} (${Math.round((100 * expected.autonomous) / expected.totalCalls)}%)`,
  );
  await expect(adminPage.locator("[data-metric=escalations]")).toHaveText(
    `${expected.escalations}/${expected.totalCalls} (${Math.round((100 * expected.escalations) / expected.totalCalls)}%)`,
  );
  await expect(adminPage.locator("[data-metric=satisfaction]")).toHaveText(
    `${expected.satisfaction.toFixed(1)}/5`,
  );
  await expect(adminPage.locator(".recharts-surface").first()).toBeVisible();
  await visitorContext.close();
});

test("every admin and agent route needs a login, and agents cannot reach admin pages", async () => {
  const anonymous = await browser.newContext();
  const guest = await anonymous.newPage();
  for (const page of Object.keys(PAGE_ROLES)) {
    await guest.goto(`${relayA!.url}/dashboard${page}`);
    await expect(guest, page).toHaveURL(
      new RegExp(`/dashboard/login\\?next=${encodeURIComponent(`/dashboard${page}`)}`),
    );
  }
  for (const api of [
    "/live",
    "/calls",
    "/metrics",
    "/tickets",
    "/leads",
    "/callbacks",
    "/outbox",
    "/knowledge",
    "/users",
    "/export/calls.csv",
    "/agent/state",
    "/agent/stream",
  ]) {
    const res = await anonymous.request.get(`${relayA!.url}/dashboard/api${api}`);
    expect(res.status(), api).toBe(401);
  }
  await anonymous.close();

  const { context, page: agent } = await agentConsole("");
  for (const [page, roles] of Object.entries(PAGE_ROLES)) {
    const res = await agent.goto(`${relayA!.url}/dashboard${page}`);
    expect(res?.status(), page).toBe(roles.includes("agent") ? 200 : 403);
    if (!roles.includes("agent"))
      await expect(agent.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  }
  const metrics = await context.request.get(`${relayA!.url}/dashboard/api/metrics`);
  expect(metrics.status()).toBe(403);
  await context.close();
});
