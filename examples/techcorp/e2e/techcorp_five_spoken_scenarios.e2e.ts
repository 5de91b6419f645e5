import { expect, test } from "@parley/test-rig/fixtures";
import {
  installInjectedMic,
  SCREENED_VISITOR_VOICE,
  startStaticServer,
  type InjectedMic,
} from "@parley/test-rig";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { openAdminDashboard, openAgentConsole, type Dashboard } from "./dashboard-session";
import {
  agentLines,
  expectHeard,
  panel,
  recordSegments,
  recordSpeech,
  speakTurn,
  statusOf,
  statusReached,
  typeTurn,
  visitorLines,
  type SpokenTurn,
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
/*
 * Phrasings. Whisper base hears espeak-ng's voice imperfectly, and through the page's microphone,
 * resampling and VAD differently again from a clip handed to it directly, so where the brief's
 * exact words come back wrong the visitor says the same thing the way a person might. The turns
 * the en-us voice kept getting wrong are spoken in espeak-ng's RP voice at 150 wpm (RP below, the
 * voice the pipeline test screens its phrasings with): the catalog request, the Salesforce
 * question, every phone number and all of scenario 4. New phrasings are screened with
 * `tsx widget/e2e/whisper-hears.ts --voice en-gb-x-rp --wpm 150 --variants 6 --through-mic "…"`:
 * through the page's audio path, several times, since Whisper base flips words under very small
 * changes ("five days ago" → "I've been a ghost" on one run in two, which the agent still
 * understands; the dialogue core's story complaint-as-heard-through-the-widget.json replays what
 * the widget heard in a scenario-4 run). `PARLEY_SAVE_SEGMENTS=<dir>` saves each audio segment
 * handed to Whisper as a WAV (whisper-hears takes .wav arguments). What the screening found:
 * - "Tomorrow at 10 AM" comes back "tomorrow" or "tomorrow at 7 am"; "ten" alone is lost
 *   ("tomorrow at ten in the morning" → "tomorrow and in the morning"): "Tomorrow at ten o'clock
 *   in the morning" (the same time; heard "tomorrow at 10 o'clock in the morning").
 * - The phone number, grouped as it is written in India (PHONE_GIVEN below). Spoken digit by
 *   digit, espeak-ng's "nine" comes back "I" every time ("i876-543-10"); "98 76 54 32 10" and
 *   "987 654 3210" came back wrong through the widget.
 * - The order id: see scenario 4 ("It's ORD, 98765.", typed after one mishearing).
 * - "I ordered a laptop 5 days ago … This is unacceptable!" comes back "… This is acceptable."
 *   (no longer angry) or "I ordered at the top": "I ordered a new laptop five days ago and it
 *   still hasn't arrived. This is ridiculous!" (the same complaint: angry, delivery delay).
 * - "Salesforce" is always written "sales force" (and "API v2.0" "SAP IV 2.0"): "Do you have
 *   integration with the Salesforce API, version 2.0?"; the agent reads Whisper's words back, so
 *   the checks accept "sales force".
 * - The first word is often clipped with the en-us voice ("Hi, I want…" → "I want…"): the checks
 *   match the rest.
 * A value the agent did not get is given again when it asks again (speakValue: the time said
 * again, the phone number and the order id typed; recorded as a "repeated" annotation).
 */
// Tests share one page while they pass; a failed scenario gets a fresh worker (new stack, page and
// model load) for the ones after it, and is tried once more: Whisper base on espeak-ng speech
// still mishears a turn now and then, and Playwright then reports the scenario as flaky.
test.describe.configure({ retries: 1 });
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

/** The voice the pipeline test screens its phrasings with. */
const RP = SCREENED_VISITOR_VOICE;
const GREETING = /Hello, I'm the AI support agent of TechCorp\. How can I help you today\?/;
const ANYTHING_ELSE = /anything else I can help you with/i;
const GOODBYE = /Thank you for calling TechCorp\. Have a great day!/;
/** The agent asking for the number again (it heard no valid one). */
const PHONE_REASKED =
  /doesn't look like a valid phone number|didn't quite get that|What number should we call you on\?|May I have your WhatsApp number|What mobile number should I text/;
/**
 * The extra turn every anonymous visitor speaks: the brief's 9876543210, grouped as it is written
 * in India. espeak-ng reads the groups as numbers and Whisper writes "98,76543,210", which the
 * dialogue core joins; in the RP voice it came back right in 8 of 8 variants screened through the
 * page's microphone path (the en-us voice garbled the second group about one time in six:
 * "98,7654d3,210"). Whisper repeats a mishearing when the same words are said again, so a visitor
 * whose number a voice agent mishears types it into the panel's box.
 */
const PHONE_GIVEN = {
  say: "My number is 98765 43210",
  speech: RP,
  reasked: PHONE_REASKED,
  typedAfterMishearing: "98765 43210",
  /** Its digits in order, however Whisper punctuates them ("98,76543,210", "98,7654-3,210"). */
  transcript: new RegExp("9876543210".split("").join("[\\s,.-]{0,2}")),
} as const;

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
  await recordSegments(page);
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

/**
 * A turn that gives a value (a time, a phone number, an order id). When Whisper mishears it, the
 * agent says it did not get it and asks again, as it would a caller on a bad line; the visitor
 * then says it again once the agent has finished speaking (the same words), or types it when the
 * turn has `typedAfterMishearing` (Whisper tends to repeat a mishearing of the same words). Two
 * repeats at most (the agent asks three times before handing over); each is logged and recorded
 * as a "repeated" annotation on the test, so a phrasing that keeps failing is visible. The
 * value's outcome is still checked by `answer` and, after the call, on the relay.
 */
async function speakValue(
  turn: SpokenTurn & { reasked: RegExp; typedAfterMishearing?: string },
): Promise<void> {
  const flags = turn.answer.flags.includes("i") || turn.reasked.flags.includes("i") ? "is" : "s";
  const either = new RegExp(`(?:${turn.answer.source})|(?:${turn.reasked.source})`, flags);
  for (let attempt = 0; ; attempt++) {
    const agentBefore = await agentLines(page).count();
    await speakTurn(page, mic, {
      say: turn.say,
      ...(turn.speech ? { speech: turn.speech } : {}),
      transcript: /[\s\S]*/,
      answer: either,
    });
    const said = (await visitorLines(page).last().getAttribute("data-text")) ?? "";
    const replies = (await agentLines(page).allTextContents()).slice(agentBefore).join(" ");
    if (turn.answer.test(replies) || attempt === 2) {
      expect(replies, "the agent's answer").toMatch(turn.answer);
      expect(said, "Whisper's transcript of the visitor").toMatch(turn.transcript);
      await expectHeard(page, turn.answer);
      for (const more of turn.thenHears ?? []) await expectHeard(page, more);
      return;
    }
    const typed = turn.typedAfterMishearing;
    const note = `${JSON.stringify(turn.say)} heard as ${JSON.stringify(said)}; ${typed ? "typed" : "said again"}`;
    console.log(`  repeated: ${note}`);
    test.info().annotations.push({ type: "repeated", description: note });
    // The re-ask is heard to its end before the visitor answers (no barge-in).
    await expectHeard(page, turn.reasked);
    await page.waitForTimeout(1000); // the caption can come a moment before speak() is called
    await page.waitForFunction(() => !speechSynthesis.speaking && !speechSynthesis.pending, null, {
      timeout: 60_000,
    });
    if (typed) {
      await typeTurn(page, typed, turn.answer);
      for (const more of turn.thenHears ?? []) await expectHeard(page, more);
      return;
    }
  }
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
  await expectCard(card(call.sessionId).locator("[data-field=actions]")).toContainText(/\bEmail\b/);
  const ended = await latestCall();
  expect(ended.endedAt).not.toBeNull();
  expect(pageErrors).toEqual([]);
});

test("scenario 2: callback without a time, tomorrow at 10 AM, number asked, SMS confirmation", async () => {
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
  await speakValue({
    say: "Tomorrow at ten o'clock in the morning",
    reasked: /What time (tomorrow )?works best for you\?|That time has already passed/,
    transcript: /tomorrow at 10 o'clock in the morning/i,
    answer: /What number should we call you on\?/,
  });
  await expectCard(card(call.sessionId).locator("[data-field=missing]")).toHaveText("phone");
  // Extra turn: the number the brief's caller already had on file, grouped as written in India.
  await speakValue({
    ...PHONE_GIVEN,
    answer: /schedule a callback for tomorrow at 10 AM\. You'll receive a confirmation SMS shortly/,
    thenHears: [ANYTHING_ELSE],
  });
  await expect(panel(page).getByText("Callback scheduled")).toBeVisible({ timeout: 30_000 });
  // The card shows the call's latest intent: checked before the goodbye turn replaces it.
  await expectCard(card(call.sessionId).locator("[data-field=intent]")).toHaveText(
    /callback request/i,
  );
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
  await expectCard(card(call.sessionId).locator("[data-field=actions]")).toContainText(
    /\bCallback\b/,
  );
  expect(pageErrors).toEqual([]);
});

test("scenario 3: greeting, product catalog on WhatsApp, number asked and normalised, catalog attached", async () => {
  await startCall();
  await expect(agentLines(page).last()).toContainText(GREETING, { timeout: 30_000 });
  await speakTurn(page, mic, {
    // The voice and words the pipeline test hears right run after run (en-gb-x-rp, 150 wpm);
    // the en-us voice's "Send me your product catalog on WhatsApp" came back "and be your
    // product cat on what's up".
    say: "Please send me the product catalog on WhatsApp.",
    speech: RP,
    transcript: /catalog.*whats ?app/i,
    answer: /May I have your WhatsApp number to send the catalog\?/,
  });
  const call = await latestCall();
  await speakValue({
    ...PHONE_GIVEN,
    answer: /send the product catalog to your WhatsApp at 9876543210 right away/,
    thenHears: [/catalog on WhatsApp in the next few seconds/i],
  });
  await expect(panel(page).getByText("WhatsApp message sent")).toBeVisible({ timeout: 30_000 });
  await expectCard(card(call.sessionId).locator("[data-field=intent]")).toHaveText(
    /send details whatsapp/i,
  );
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
    mediaUrls?: string[];
  }>;
  const whatsapp = rows.find((row) => row.channel === "whatsapp");
  // The channel is the row's; the recipient is the E.164 number (Twilio's "whatsapp:" prefix is
  // added when it is sent).
  expect(whatsapp, JSON.stringify(rows)).toMatchObject({
    template: "catalog",
    recipient: "+919876543210",
  });
  // The attachment: a signed link to the catalog document the relay serves from the uploaded index.
  expect(whatsapp!.mediaUrls ?? []).toEqual([
    expect.stringMatching(/\/v1\/media\/techcorp\/[^/?]+\?/),
  ]);
  const media = await fetch(whatsapp!.mediaUrls![0]!);
  expect(media.status, "the catalog link opens").toBe(200);
  // The dashboard's outbox lists the link among the message's attachments.
  const { outbox: listed } = await dashboard.api<{
    outbox: Array<{ channel: string; attachments: Array<{ name: string }> }>;
  }>("GET", "/outbox");
  expect(
    listed.find((row) => row.channel === "whatsapp")?.attachments.map((a) => a.name),
  ).toContain(whatsapp!.mediaUrls![0]);
  await expectCard(card(call.sessionId).locator("[data-field=actions]")).toContainText(
    /WhatsApp message/,
  );
  expect(pageErrors).toEqual([]);
});

test("scenario 4: angry delivery complaint, order looked up, tracking SMS + ticket, goodbye", async () => {
  await startCall();
  await speakTurn(page, mic, {
    say: "I ordered a new laptop five days ago and it still hasn't arrived. This is ridiculous!",
    speech: RP,
    transcript: /laptop.*hasn't arrived/i,
    answer: /I sincerely apologize for the delay.*May I have your order ID, please\?/,
  });
  const call = await latestCall();
  await expectCard(card(call.sessionId).locator("[data-field=ticket]")).toContainText(/#\d{5,}/, {
    timeout: 30_000,
  });
  await expectCard(card(call.sessionId).locator("[data-field=intent]")).toHaveText(
    /complaint \(delivery delay\)/i,
  );
  await speakValue({
    // The brief's "It's ORD98765", with the pause a person makes after the letters: without it
    // espeak-ng runs the D into "nine" and Whisper wrote "It's all time to 8,765" in 2 of 7
    // screened variants and in two runs through the widget. With it the letters come back
    // "sold"/"odd" and the agent completes the digits to ORD98765, but the last digit is still
    // lost about one time in four through the page's microphone path ("98,760 I": whisper-hears
    // --through-mic, any voice and rate from 130 to 170 wpm), and the same way again when it is
    // said again. So after one mishearing the visitor types it, as with the phone number.
    say: "It's ORD, 98765.",
    speech: RP,
    reasked: /couldn't find that order|May I have your order ID, please\?/,
    typedAfterMishearing: "ORD98765",
    // Whisper's spelling of the letters varies ("already", "all", "ORD"); the digits are kept.
    transcript: /98,?765/,
    answer:
      /I've checked order ORD98765\. Good news - your laptop is actually out for delivery right now and should reach you by 6 PM today/,
  });
  // Extra turns: the brief's caller got the tracking SMS at the number on file; this anonymous
  // visitor asks for it and gives the number.
  await speakTurn(page, mic, {
    say: "Can you text me the tracking link?",
    speech: RP,
    // Heard once (en-us) as "Can you text me for tracking Ling?": the agent still understood.
    transcript: /text me .*tracking/i,
    answer: /What mobile number should I text the tracking link to\?/,
  });
  await speakValue({
    ...PHONE_GIVEN,
    answer: /text the tracking link to 9876543210/,
    thenHears: [ANYTHING_ELSE],
  });
  await speakTurn(page, mic, {
    // The brief's "Will I get it today for sure?" came back "we like it today for sure." (en-us)
    // and "We'll get it today for sure." (RP): no longer a question. Screened with whisper-hears.
    say: "Okay, I didn't get any notification. Are you sure it comes today?",
    speech: RP,
    transcript: /today/i,
    answer: /Yes, absolutely\..*by 6 PM today\. I've also sent you a tracking link via SMS/,
  });
  await speakTurn(page, mic, {
    // RP heard the brief's "No, that's fine. Thank you for checking" as "Hello, that's fine. …".
    say: "No, that's fine. Thanks for checking.",
    speech: RP,
    transcript: /thanks for checking/i,
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
  expect(rows.find((r) => r.template === "order_tracking")).toMatchObject({
    channel: "sms",
    recipient: "+919876543210",
  });
  await expectCard(card(call.sessionId).locator("[data-field=sentiment]")).toContainText("angry");
  expect(pageErrors).toEqual([]);
});

test("scenario 5: outside the knowledge base, specialist offered, escalation to John with the handoff package", async () => {
  await startCall();
  await speakTurn(page, mic, {
    // en-us came back "Do you have inspiration with the sales for API version 2.0?".
    say: "Do you have integration with the Salesforce API, version 2.0?",
    speech: RP,
    transcript: /sales ?force API/i,
    answer:
      /I don't have specific information about (the )?sales ?force API.* technical specialists .*Would that work for you\?/i,
  });
  const call = await latestCall();
  await speakTurn(page, mic, {
    say: "Yes, please connect me",
    transcript: /connect me/i,
    answer: /transferring you to our technical team.*sales ?force.*Please hold/i,
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
  await expect(pkg.locator("[data-field=query]")).toContainText(/sales ?force/i);
  await expect(pkg.locator("[data-field=reason]")).toContainText("(technical");
  await expect(pkg.locator("[data-field=ai-attempted]")).toHaveText("Yes");
  await expect(pkg.locator("[data-field=history]")).toContainText(/sales ?force/i);
  const messages = await transcriptOf(call.sessionId);
  expect(messages.map((m) => m.intent)).toEqual(
    expect.arrayContaining(["product_query", "escalation_request"]),
  );
  expect(pageErrors).toEqual([]);
});
