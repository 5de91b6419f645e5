import { expect, test } from "@parley/test-rig/fixtures";
import { installInjectedMic, startStaticServer, type InjectedMic } from "@parley/test-rig";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { openAdminDashboard, openAgentConsole, type Dashboard } from "./dashboard-session";
import {
  agentLines,
  expectHeard,
  panel,
  recordSpeech,
  speakTurn,
  statusOf,
  statusReached,
  typeTurn,
} from "./spoken-call";
import { startTechcorpStack, type TechcorpStack } from "./techcorp-stack";

/**
 * The five reference conversations of seed-scenarios.txt, spoken turn by turn to the widget on the
 * TechCorp site: espeak-ng speech through the injected microphone → real VAD, Whisper, USE-lite
 * retrieval, Lite brain, Web Speech; the real relay process (libSQL file, dev outbox); the
 * dashboard logged in in a second context (and John's agent console in a third).
 *
 * One visitor page for all five: after "Call ended" the panel's "New call" starts the next one, so
 * Whisper's verified weights come from the page's cache instead of the network each time.
 *
 * Where the widget needs more than the brief's script (an anonymous visitor: the agent asks for
 * the email address and the callback number it would otherwise know from the CRM), the extra
 * turn is spoken too and named in the test.
 */
// DEBT (visible, see the closing note): scenarios 2–5 are not yet reliable with Whisper base
// hearing espeak-ng speech on a 2-core box. Measured with `tsx widget/e2e/whisper-hears.ts`
// (RP voice, 150 wpm): "Tomorrow at 10 AM" came back "tomorrow at 7 am" in a CI run, "It's
// ORD98765" → "It's all 98,765", "I ordered a laptop" → "I ordered at the top", and unbroken
// digit strings are read by espeak-ng as one large number. Scenarios 3–5 have never run to the
// end. Each needs spoken-form phrasings checked with whisper-hears (or typed ids, as scenario 1
// types the email address) before it can be a CI gate.
test.describe.configure({ mode: "serial" });
/** Addresses and numbers are spoken slower: at 170 wpm Whisper heard "uber@memple.com". */
const SLOW = { wordsPerMinute: 120 };
test.setTimeout(300_000);

let stack: TechcorpStack;
let siteServer: Awaited<ReturnType<typeof startStaticServer>> | undefined;
let visitorContext: BrowserContext;
let page: Page;
let mic: InjectedMic;
let dashboard: Dashboard;
let john: { context: BrowserContext; page: Page };
const pageErrors: string[] = [];
const consoleLines: string[] = [];

/** The relay hears of a turn when its speech is over (turn_ended), then the card updates by SSE. */
const expectCard = expect.configure({ timeout: 60_000 });

const GREETING = /Hello, I'm the AI support agent of TechCorp\. How can I help you today\?/;
const ANYTHING_ELSE = /anything else I can help you with/i;
const GOODBYE = /Thank you for calling TechCorp\. Have a great day!/;

interface CardJson {
  sessionId: string;
  intent: string | null;
  stage: string;
  status: string;
  endedAt: number | null;
  completedActions: string[];
  ticketNumber: string | null;
  escalation: { state: string; category: string; agentId: string | null } | null;
  sentimentTrajectory: string[];
}
interface MessageJson {
  speaker: string;
  text: string | null;
  intent: string | null;
  usedKnowledge: boolean | null;
}

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  test.setTimeout(240_000);
  stack = await startTechcorpStack(async (options) => {
    siteServer = await startStaticServer(options);
    return siteServer;
  });
  dashboard = await openAdminDashboard(browser, stack.relayUrl);
  john = await openAgentConsole(browser, stack.relayUrl, dashboard);
  visitorContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await visitorContext.newPage();
  mic = await installInjectedMic(page);
  await recordSpeech(page);
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  await page.goto(stack.site.url("/support.html"));
  await page.getByRole("button", { name: "Talk to us" }).click();
  await expect(panel(page)).toBeVisible();
});

test.afterAll(async () => {
  await visitorContext?.close();
  await dashboard?.context.close();
  await john?.context.close();
  await stack?.close();
  await siteServer?.close();
});

test.afterEach(async () => {
  if (test.info().status !== test.info().expectedStatus) {
    await test.info().attach("relay log", { body: stack.relayLog(), contentType: "text/plain" });
    await test
      .info()
      .attach("browser console", { body: consoleLines.join("\n"), contentType: "text/plain" });
  }
  consoleLines.length = 0;
});

/** Starts a call (first: the privacy notice's button; later: "New call") and waits to listen. */
async function startCall(): Promise<number> {
  const newCall = panel(page).getByRole("button", { name: "New call" });
  if (await newCall.isVisible()) await newCall.click();
  else await panel(page).getByRole("button", { name: "Start voice call" }).first().click();
  return statusReached(page, "Listening…", 200_000);
}

/** The call this conversation made: the newest on the relay. */
async function latestCall(): Promise<CardJson> {
  const { calls } = await dashboard.api<{ calls: CardJson[] }>("GET", "/calls");
  expect(calls.length).toBeGreaterThan(0);
  return calls[0]!;
}

async function transcriptOf(sessionId: string): Promise<MessageJson[]> {
  const { transcript } = await dashboard.api<{ transcript: MessageJson[] }>(
    "GET",
    `/calls/${encodeURIComponent(sessionId)}`,
  );
  return transcript;
}

/** The live dashboard card of a call, in the admin's context (SSE-driven page). */
function card(sessionId: string) {
  return dashboard.page.locator(`article[data-session="${sessionId}"]`);
}

async function endedByGoodbye(): Promise<void> {
  await expect(statusOf(page)).toHaveText("Call ended", { timeout: 60_000 });
}

/** Tomorrow 10:00 in Asia/Kolkata (UTC+5:30, no DST) as seen from `now`. */
function tomorrowTenKolkata(now: number): number {
  const offset = 330 * 60_000;
  const local = new Date(now + offset);
  return (
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1, 10, 0) - offset
  );
}

test("scenario 1: proactive greeting, refund policy from the knowledge base, policy by email, goodbye", async () => {
  await dashboard.page.goto(`${stack.relayUrl}/dashboard/live`);
  const listeningAt = await startCall();
  // Silence: the agent greets on its own after 2 s.
  await expect(agentLines(page).first()).toContainText(GREETING, { timeout: 30_000 });
  await expectHeard(page, GREETING);
  const greeting = (await page.evaluate(() => window.__heard ?? [])).find((u) =>
    GREETING.test(u.text),
  )!;
  const silenceMs = greeting.requestedAt - listeningAt;
  console.log(`greeting after ${silenceMs.toFixed(0)} ms of listening`);
  // The status text is seen up to a render and a 50 ms poll after the agent started listening,
  // so the measured silence is a little shorter than the real one: 2 s minus that slack.
  expect(silenceMs).toBeGreaterThanOrEqual(1700);
  expect(silenceMs).toBeLessThan(6000);

  await speakTurn(page, mic, {
    say: "What is your refund policy?",
    transcript: /refund policy/i,
    answer: /30-day money-back guarantee.*5-7 business days/i,
  });
  const call = await latestCall();
  await expectCard(card(call.sessionId).locator("[data-field=intent]")).toHaveText(/policy query/i);
  await expectCard(card(call.sessionId).locator("[data-field=knowledge]")).toContainText("Yes");

  await speakTurn(page, mic, {
    say: "Okay, can you send me the full policy on email?",
    transcript: /policy on email/i,
    answer: /email address/i,
  });
  await expectCard(card(call.sessionId).locator("[data-field=missing]")).toHaveText("email");
  // Extra turn: the widget's visitor is anonymous, so the address is asked for. Spoken, espeak's
  // "user at example dot com" came back from Whisper as "uber@memple.com" (170 wpm) and
  // "useradexample.com" (120 wpm), so the visitor types it into the panel during the call.
  await typeTurn(page, "user@example.com", /send the (complete )?(refund )?policy to your email/i);
  await expectHeard(page, /receive the refund policy via email shortly/i);
  await expectHeard(page, ANYTHING_ELSE);
  await expect(panel(page).getByText("Email sent")).toBeVisible({ timeout: 30_000 });
  await speakTurn(page, mic, {
    say: "No, that's all. Thank you!",
    transcript: /that's all/i,
    answer: GOODBYE,
  });
  await endedByGoodbye();

  // The relay: every turn recorded with its intent, the email in the dev outbox.
  await expect
    .poll(async () => (await transcriptOf(call.sessionId)).map((m) => m.intent))
    .toEqual(expect.arrayContaining(["policy_query", "send_details_email", "goodbye"]));
  const messages = await transcriptOf(call.sessionId);
  expect(messages.find((m) => m.intent === "policy_query" && m.speaker === "agent")).toMatchObject({
    usedKnowledge: true,
  });
  const email = (await stack.outbox()).find((row) => row.channel === "email");
  expect(email, "an email in the outbox").toBeDefined();
  expect(email).toMatchObject({ template: "document", recipient: "user@example.com" });
  expect(email!.status).toBe("dev_outbox");
  const { leads } = await dashboard.api<{ leads: Array<Record<string, unknown>> }>("GET", "/leads");
  expect(leads.find((l) => l["email"] === "user@example.com")).toMatchObject({
    leadStatus: expect.stringMatching(/contacted|qualified|resolved/) as unknown,
  });
  // The dashboard: the call ended, with the email among the completed actions.
  await expectCard(card(call.sessionId).locator("[data-field=actions]")).toContainText(
    /send email/i,
  );
  const ended = await latestCall();
  expect(ended.endedAt).not.toBeNull();
  expect(pageErrors).toEqual([]);
});

test.fixme("scenario 2: callback without a time, 'Tomorrow at 10 AM', number asked, SMS confirmation", async () => {
  await startCall();
  // The visitor speaks first (before the 2 s greeting). Anonymous, so the phone is missing too.
  await speakTurn(page, mic, {
    say: "Hi, I want to schedule a callback",
    // Seen as "I want to schedule a call": the VAD segment lost "Hi," and "back" (reported).
    transcript: /schedule a call/i,
    answer: /I'd be happy to schedule that\. What time works best for you\?/,
  });
  const call = await latestCall();
  await expectCard(card(call.sessionId).locator("[data-field=missing]")).toHaveText(
    "callback time, phone",
  );
  await speakTurn(page, mic, {
    say: "Tomorrow at 10 AM",
    transcript: /tomorrow at 10/i,
    answer: /number/i,
  });
  // Extra turn: the number the brief's caller already had on file.
  await speakTurn(page, mic, {
    say: "It's 9876543210",
    speech: SLOW,
    transcript: /98765.?43210/,
    answer: /schedule a callback for tomorrow at 10 AM\. You'll receive a confirmation SMS shortly/,
    thenHears: [ANYTHING_ELSE],
  });
  await expect(panel(page).getByText("Callback scheduled")).toBeVisible({ timeout: 30_000 });
  await speakTurn(page, mic, {
    say: "No, that's all",
    transcript: /that's all/i,
    answer: GOODBYE,
  });
  await endedByGoodbye();

  const { now, callbacks } = await dashboard.api<{
    now: number;
    callbacks: Array<{ phone: string; dueAt: number; status: string; sessionId: string }>;
  }>("GET", "/callbacks?all=1");
  const callback = callbacks.find((c) => c.sessionId === call.sessionId);
  expect(callback, JSON.stringify(callbacks)).toBeDefined();
  expect(callback!.phone).toBe("+919876543210");
  expect(new Date(callback!.dueAt).toISOString()).toBe(
    new Date(tomorrowTenKolkata(now)).toISOString(),
  );
  const sms = (await stack.outbox()).find(
    (row) => row.channel === "sms" && row.template === "callback_confirmation",
  );
  expect(sms, "the confirmation SMS").toMatchObject({ recipient: "+919876543210" });
  const { leads } = await dashboard.api<{ leads: Array<Record<string, unknown>> }>("GET", "/leads");
  const lead = leads.find((l) => l["phone"] === "+919876543210");
  expect(lead, JSON.stringify(leads)).toMatchObject({ pendingAction: "execute_call" });
  expect(lead!["nextActionTime"]).toBe(callback!.dueAt);
  await expectCard(card(call.sessionId).locator("[data-field=intent]")).toHaveText(
    /callback request/i,
  );
  await expectCard(card(call.sessionId).locator("[data-field=actions]")).toContainText(
    /schedule callback/i,
  );
  expect(pageErrors).toEqual([]);
});

test.fixme("scenario 3: greeting, product catalog on WhatsApp, number asked and normalised, catalog attached", async () => {
  await startCall();
  await expect(agentLines(page).last()).toContainText(GREETING, { timeout: 30_000 });
  await speakTurn(page, mic, {
    say: "Send me your product catalog on WhatsApp",
    transcript: /catalog.*whats ?app/i,
    answer: /May I have your WhatsApp number to send the catalog\?/,
  });
  const call = await latestCall();
  await speakTurn(page, mic, {
    say: "It's 9876543210",
    speech: SLOW,
    transcript: /98765.?43210/,
    answer: /send the product catalog to your WhatsApp at 9876543210 right away/,
    thenHears: [/catalog on WhatsApp in the next few seconds/i],
  });
  await expect(panel(page).getByText("WhatsApp message sent")).toBeVisible({ timeout: 30_000 });
  await speakTurn(page, mic, {
    say: "No, that's all. Thank you!",
    transcript: /that's all/i,
    answer: GOODBYE,
  });
  await endedByGoodbye();

  const rows = (await stack.outbox()) as Array<{
    channel: string;
    template: string;
    recipient: string;
    body?: string | null;
  }>;
  const whatsapp = rows.find((row) => row.channel === "whatsapp");
  expect(whatsapp, JSON.stringify(rows)).toMatchObject({
    template: "catalog",
    recipient: "whatsapp:+919876543210",
  });
  // The attachment: a link to the catalog document the relay serves from the uploaded index.
  expect(whatsapp!.body ?? "").toMatch(/\/v1\/media\/techcorp\//);
  await expectCard(card(call.sessionId).locator("[data-field=intent]")).toHaveText(
    /send details whatsapp/i,
  );
  await expectCard(card(call.sessionId).locator("[data-field=actions]")).toContainText(
    /send whatsapp/i,
  );
  expect(pageErrors).toEqual([]);
});

test.fixme("scenario 4: angry delivery complaint, order looked up, SMS + email + ticket, goodbye", async () => {
  await startCall();
  await speakTurn(page, mic, {
    say: "I ordered a laptop 5 days ago and haven't received it yet! This is unacceptable!",
    transcript: /laptop.*(received|receive)/i,
    answer: /I sincerely apologize for the delay.*May I have your order ID, please\?/,
  });
  const call = await latestCall();
  await expectCard(card(call.sessionId).locator("[data-field=ticket]")).toContainText(/#\d{5,}/, {
    timeout: 30_000,
  });
  await expectCard(card(call.sessionId).locator("[data-field=intent]")).toHaveText(
    /complaint \(delivery delay\)/i,
  );
  await speakTurn(page, mic, {
    say: "It's ORD98765",
    speech: SLOW,
    transcript: /ORD ?-?98765/i,
    answer: /order ORD98765.*out for delivery/i,
  });
  await speakTurn(page, mic, {
    say: "Oh, okay. I didn't get any notification. Will I get it today for sure?",
    transcript: /today/i,
    answer: /6 PM today/i,
  });
  await speakTurn(page, mic, {
    say: "No, that's fine. Thank you for checking",
    transcript: /thank you/i,
    answer: /We apologize again.*Thank you for calling TechCorp\. Have a great day!/,
  });
  await endedByGoodbye();

  const { tickets } = await dashboard.api<{
    tickets: Array<{ number: string; sessionId: string; issueType: string; priority: string }>;
  }>("GET", "/tickets");
  const ticket = tickets.find((t) => t.sessionId === call.sessionId);
  expect(ticket, JSON.stringify(tickets)).toMatchObject({
    issueType: "delivery_delay",
    priority: "high",
  });
  expect(ticket!.number).toMatch(/^#\d{5,}$/);
  await expectCard(card(call.sessionId).locator("[data-field=ticket]")).toContainText(
    ticket!.number,
  );
  const rows = await stack.outbox();
  console.log(
    `outbox after scenario 4: ${JSON.stringify(rows.map((r) => [r.channel, r.template]))}`,
  );
  expect(rows.some((r) => r.template === "order_tracking")).toBe(true);
  await expectCard(card(call.sessionId).locator("[data-field=sentiment]")).toContainText("angry");
  expect(pageErrors).toEqual([]);
});

test.fixme("scenario 5: outside the knowledge base, specialist offered, escalation to John with the handoff package", async () => {
  await startCall();
  await speakTurn(page, mic, {
    say: "Do you have integration with Salesforce API v2.0?",
    transcript: /sales ?force/i,
    answer: /I don't have specific information about Salesforce.*Would that work for you\?/,
  });
  const call = await latestCall();
  await speakTurn(page, mic, {
    say: "Yes, please connect me",
    transcript: /connect me/i,
    answer: /transferring you to our technical team.*Please hold/,
  });
  await expect(statusOf(page)).toHaveText("Connecting you to a person…", { timeout: 30_000 });

  const res = await fetch(`${stack.relayUrl}/v1/admin/sites/techcorp/escalations`, {
    headers: { authorization: "Bearer e2e-admin-token-0123456789abcdef" },
  });
  const { escalations } = (await res.json()) as {
    escalations: Array<{
      sessionId: string;
      agentId: string | null;
      category: string;
      state: string;
    }>;
  };
  const escalation = escalations.find((e) => e.sessionId === call.sessionId);
  expect(escalation, JSON.stringify(escalations)).toMatchObject({
    agentId: "agent_45",
    category: "technical",
    state: "assigned",
  });
  await expectCard(card(call.sessionId).locator("[data-field=escalation]")).toHaveText(
    /technical: assigned/i,
  );
  // John's console: the notification with the handoff package.
  const offer = john.page.getByRole("alert").filter({ hasText: "New escalation from AI" });
  await expect(offer).toBeVisible({ timeout: 10_000 });
  const pkg = offer.getByTestId("handoff-package");
  await expect(pkg.locator("[data-field=query]")).toContainText(/Salesforce/i);
  await expect(pkg.locator("[data-field=reason]")).toContainText("(technical");
  await expect(pkg.locator("[data-field=ai-attempted]")).toHaveText("Yes");
  await expect(pkg.locator("[data-field=history]")).toContainText(/Salesforce/i);
  const messages = await transcriptOf(call.sessionId);
  expect(messages.map((m) => m.intent)).toEqual(
    expect.arrayContaining(["product_query", "escalation_request"]),
  );
  expect(pageErrors).toEqual([]);
});
