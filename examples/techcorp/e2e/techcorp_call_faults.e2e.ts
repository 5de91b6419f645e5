import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type RigFixtures } from "@parley/test-rig/fixtures";
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
import {
  ADMIN_TOKEN,
  closeTechcorpStack,
  startTechcorpStack,
  type TechcorpStack,
} from "./techcorp-stack";

/**
 * What goes wrong in a visitor's browser during a call, on the real TechCorp stack: the relay
 * going away and coming back, a model download cut short, the tab closed, the microphone
 * unplugged. Each checks what the visitor is told and what the relay ends up recording.
 */
test.setTimeout(300_000);

let stack: TechcorpStack | undefined;
test.afterEach(async () => {
  await closeTechcorpStack(stack, test.info());
  stack = undefined;
});

/** Opens the widget on `url` and presses "Start voice call"; returns the page's errors so far. */
async function pressStartVoiceCall(page: Page, url: string): Promise<string[]> {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await recordSpeech(page);
  await page.goto(url);
  await page.getByRole("button", { name: "Talk to us" }).click();
  await panel(page).getByRole("button", { name: "Start voice call" }).first().click();
  return errors;
}

/** A voice call that has loaded and listens. */
async function startVoiceCall(page: Page, url: string): Promise<string[]> {
  const errors = await pressStartVoiceCall(page, url);
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

/**
 * The site's server as the visitor's network sees it, with a fault switch for Whisper's encoder
 * (23 MB), real TCP below anything the browser could fake (and a route handler never sees a
 * worker's fetch):
 * - "drop_mid_file": headers and half the bytes, then the connection drops (a flaky mobile
 *   link, a proxy restart);
 * - "short_body_says_200": half the bytes as a complete 200 response (a proxy that truncated
 *   the file and fixed up the length).
 * `faultsLeft` downloads get the fault; the rest go through.
 */
type EncoderFault = "drop_mid_file" | "short_body_says_200";
interface FlakyModelHost {
  fault: EncoderFault;
  faultsLeft: number;
  /** Encoder downloads started, and how many of them got the fault. */
  encoderRequests: number;
  encoderFaults: number;
  serve: RigFixtures["serve"];
  close(): Promise<void>;
}

function flakyModelHost(
  serve: RigFixtures["serve"],
  fault: EncoderFault,
  faultsLeft = Infinity,
): FlakyModelHost {
  const proxies: Server[] = [];
  const host: FlakyModelHost = {
    fault,
    faultsLeft,
    encoderRequests: 0,
    encoderFaults: 0,
    async serve(options) {
      const site = await serve(options);
      const proxy = createServer((req, res) => {
        const isEncoder = (req.url ?? "").includes("/encoder_model_quantized.onnx");
        if (isEncoder) host.encoderRequests++;
        const faulty = isEncoder && host.faultsLeft > 0;
        if (faulty) host.faultsLeft--;
        const upstream = request(
          {
            host: "127.0.0.1",
            port: site.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
          },
          (answer) => {
            if (!faulty) {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res);
              return;
            }
            host.encoderFaults++;
            const half = Number(answer.headers["content-length"] ?? 0) >> 1;
            const short = host.fault === "short_body_says_200";
            res.writeHead(
              answer.statusCode ?? 502,
              short ? { ...answer.headers, "content-length": String(half) } : answer.headers,
            );
            let sent = 0;
            answer.on("data", (chunk: Buffer) => {
              if (sent >= half) return;
              const part = chunk.subarray(0, half - sent);
              sent += part.length;
              if (sent < half) return void res.write(part);
              answer.destroy();
              if (short) res.end(part);
              else res.write(part, () => res.destroy()); // the connection drops mid-file
            });
          },
        );
        upstream.on("error", () => res.destroy());
        req.pipe(upstream);
      });
      proxies.push(proxy);
      await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
      const { port } = proxy.address() as AddressInfo;
      const origin = `http://127.0.0.1:${port}`;
      return {
        origin,
        port,
        url: (pathname = "/") => new URL(pathname, origin).toString(),
        close: async () => undefined, // closed with the host
      };
    },
    async close() {
      for (const proxy of proxies) {
        proxy.closeAllConnections();
        await new Promise((resolve) => proxy.close(resolve));
      }
    },
  };
  return host;
}

/** sha256 of every file in the widget's model cache, by file name. */
const cachedModels = (page: Page) =>
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

/** Every weight in the cache is the published one (a partial file would not match). */
function expectOnlyVerifiedWeights(cached: Record<string, string>) {
  for (const [file, hash] of Object.entries(cached)) {
    const published = (WHISPER_BASE_SHA256 as Record<string, string>)[file];
    if (published) expect(hash, `cached ${file}`).toBe(published);
  }
}

/** The encoder is cached, as published, and nothing unverified is beside it. */
async function expectEncoderCachedVerified(page: Page): Promise<void> {
  const cached = await cachedModels(page);
  expect(cached["encoder_model_quantized.onnx"]).toBe(
    WHISPER_BASE_SHA256["encoder_model_quantized.onnx"],
  );
  expectOnlyVerifiedWeights(cached);
}

test("model download cut short: the widget says so, the visitor can type, Try again downloads again and the call works", async ({
  serve,
  injectedMicPage,
}) => {
  const modelHost = flakyModelHost(serve, "drop_mid_file");
  try {
    stack = await startTechcorpStack(modelHost.serve);
    const { page, mic } = await injectedMicPage();
    const errors = await pressStartVoiceCall(page, stack.site.url("/support.html"));

    // Told honestly, no hang: the call stops loading and says a download failed.
    const alert = panel(page).getByRole("alert");
    await expect(alert).toContainText("A download failed", { timeout: 120_000 });
    await expect(statusOf(page)).toHaveText("Download failed");
    const tryAgain = panel(page).getByRole("button", { name: "Try again" });
    await expect(tryAgain).toBeVisible();
    expect(modelHost.encoderFaults).toBeGreaterThanOrEqual(1);
    expect(modelHost.encoderFaults, "every encoder download so far was cut").toBe(
      modelHost.encoderRequests,
    );
    const cached = await cachedModels(page);
    expect(Object.keys(cached), "the cut file is not cached").not.toContain(
      "encoder_model_quantized.onnx",
    );
    expectOnlyVerifiedWeights(cached);

    // Still cut: "Try again" downloads again and fails the same honest, retryable way.
    const before = modelHost.encoderRequests;
    await tryAgain.click();
    await expect(alert).toContainText("A download failed", { timeout: 120_000 });
    await expect(tryAgain).toBeVisible();
    expect(modelHost.encoderRequests).toBeGreaterThan(before);

    // Meanwhile the visitor types, and is answered: a typed call needs no speech model.
    const requestsBeforeTyping = modelHost.encoderRequests;
    const box = panel(page).getByRole("textbox", { name: /type a message/i });
    await box.fill("What is your refund policy?");
    await box.press("Enter");
    await expect(agentLines(page).last()).toContainText(/30-day money-back guarantee/i, {
      timeout: 120_000,
    });
    await expect(alert).toBeHidden();
    expect(modelHost.encoderRequests, "typing did not wait for Whisper").toBe(requestsBeforeTyping);

    // The network is back: talking downloads the model again, checks it, and the call works.
    modelHost.faultsLeft = 0;
    await panel(page).getByRole("button", { name: "Talk instead" }).click();
    await expect(statusOf(page)).toHaveText("Listening…", { timeout: 200_000 });
    expect(modelHost.encoderRequests).toBe(requestsBeforeTyping + 1);
    await expectEncoderCachedVerified(page);
    await speakTurn(page, mic, {
      say: "What is your refund policy?",
      transcript: /refund policy/i,
      answer: /30-day money-back guarantee/i,
    });
    expect(errors).toEqual([]);
  } finally {
    await modelHost.close();
  }
});

test("model file truncated behind a 200: downloaded again by itself, the call works, only the verified file is cached", async ({
  serve,
  injectedMicPage,
}) => {
  const modelHost = flakyModelHost(serve, "short_body_says_200", 1);
  try {
    stack = await startTechcorpStack(modelHost.serve);
    const { page } = await injectedMicPage();
    const errors = await startVoiceCall(page, stack.site.url("/support.html"));
    // The short file failed its sha256 check and was fetched once more, past the HTTP cache.
    expect(modelHost.encoderFaults).toBe(1);
    expect(modelHost.encoderRequests).toBe(2);
    await expect(panel(page).getByRole("alert")).toBeHidden();
    await expectEncoderCachedVerified(page);
    await expect(agentLines(page).first()).toContainText("TechCorp", { timeout: 30_000 });
    expect(errors).toEqual([]);
  } finally {
    await modelHost.close();
  }
});

test("tab closed mid-call: the beacon reaches the relay and the call is marked abandoned", async ({
  serve,
  injectedMicPage,
  browser,
}) => {
  stack = await startTechcorpStack(serve);
  const dashboard = await openAdminDashboard(browser, stack.relayUrl);
  const { page } = await injectedMicPage();
  await startVoiceCall(page, stack.site.url("/support.html"));
  // The turn is typed into the running voice call: what this test is about is the page going
  // away, and a clean CI run once lost it to Whisper hearing "Hi, I'm Alex." for the spoken line.
  await typeTurn(page, "Hi, I want to schedule a callback", /What time works best for you\?/);
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
