import { expect, test } from "@parley/test-rig/fixtures";
import { chromiumLaunchOptions } from "@parley/test-rig/chromium";
import { chromium, type Page } from "@playwright/test";
import { closeTechcorpStack, startTechcorpStack, type TechcorpStack } from "./techcorp-stack";

/**
 * The widget on the TechCorp site, end to end with the real pipeline (VAD, Whisper, retrieval,
 * Lite brain, Web Speech), the real relay and its dev outbox. Screenshots of the conversation
 * at 1280 and 360 px are attached to the report.
 */
test.describe.configure({ mode: "serial" });
test.setTimeout(240_000);

const panel = (page: Page) => page.getByRole("dialog", { name: "TechCorp support" });
const agentLines = (page: Page) => panel(page).locator("li.agent");

const consoleLines: string[] = [];

async function openWidget(page: Page, url: string) {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  await page.goto(url);
  await page.getByRole("button", { name: "Talk to us" }).click();
  await expect(panel(page)).toBeVisible();
  return errors;
}

async function attachScreenshot(page: Page, name: string) {
  // Kept in the test's output folder too, so the images can be looked at after a passing run.
  const file = test.info().outputPath(`${name.replace(/[^a-z0-9]+/gi, "-")}.png`);
  await page.screenshot({ path: file });
  await test.info().attach(name, { path: file, contentType: "image/png" });
}

let stack: TechcorpStack | undefined;
test.afterEach(async () => {
  if (stack && test.info().status !== test.info().expectedStatus) {
    await test
      .info()
      .attach("browser console", { body: consoleLines.join("\n"), contentType: "text/plain" });
  }
  await closeTechcorpStack(stack, test.info());
  stack = undefined;
  consoleLines.length = 0;
});

for (const width of [1280, 360]) {
  test(`spoken refund question is answered from the knowledge base (${width} px)`, async ({
    serve,
    speech,
    injectedMicPage,
  }) => {
    stack = await startTechcorpStack(serve);
    const { page, mic } = await injectedMicPage();
    await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
    const errors = await openWidget(page, stack.site.url("/support.html"));

    await panel(page).getByRole("button", { name: "Start voice call" }).first().click();
    // First the pipeline loads (real progress), then the agent greets the visitor.
    await expect(agentLines(page).first()).toContainText("TechCorp", { timeout: 180_000 });
    await expect(panel(page).getByRole("status")).toHaveText("Listening…", { timeout: 30_000 });

    await mic.say(await speech("What is your refund policy?"));
    await expect(panel(page).locator("li.visitor").last()).toContainText(/refund policy/i, {
      timeout: 60_000,
    });
    await expect(agentLines(page).last()).toContainText(/30.day/i, { timeout: 60_000 });
    await expect(panel(page).getByRole("button", { name: "End call" })).toBeVisible();
    await attachScreenshot(page, `refund conversation at ${width} px`);

    // Whatever the widget does must fit the screen: nothing of the panel is cut off.
    const box = await panel(page).boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(width);

    await panel(page).getByRole("button", { name: "End call" }).click();
    await expect(panel(page).getByRole("status")).toHaveText("Call ended");
    expect(errors).toEqual([]);
  });
}

test("typed WhatsApp catalogue request with the number asked for is sent through the outbox", async ({
  serve,
  page,
}) => {
  stack = await startTechcorpStack(serve);
  const errors = await openWidget(page, stack.site.url("/products.html"));
  await panel(page).getByRole("button", { name: "Type instead" }).click();
  const box = panel(page).getByRole("textbox", { name: /type a message/i });
  await expect(box).toBeFocused();

  await box.fill("send me the catalog on WhatsApp");
  await box.press("Enter");
  // The agent needs the number first.
  await expect(agentLines(page).last()).toContainText(/number/i, { timeout: 180_000 });
  await box.fill("9876543210");
  await box.press("Enter");
  await expect(agentLines(page).last()).toContainText(/WhatsApp/i, { timeout: 60_000 });
  await expect(panel(page).getByText("WhatsApp message sent")).toBeVisible({ timeout: 30_000 });
  await attachScreenshot(page, "WhatsApp flow, typed");

  const rows = await stack.outbox();
  const whatsapp = rows.find((row) => row.channel === "whatsapp");
  expect(whatsapp, JSON.stringify(rows)).toBeDefined();
  expect(whatsapp!.template).toBe("catalog");
  expect(whatsapp!.recipient).toContain("+919876543210");
  expect(errors).toEqual([]);
});

test("a refused microphone is explained and typing still works", async ({ serve }) => {
  stack = await startTechcorpStack(serve);
  // A real refusal: a microphone exists (Chromium's fake device) but the permission prompt is
  // not auto-accepted, and headless Chromium denies it.
  const browser = await chromium.launch(
    chromiumLaunchOptions({ args: ["--use-fake-device-for-media-stream"] }),
  );
  try {
    const context = await browser.newContext({ permissions: [] });
    const page = await context.newPage();
    const errors = await openWidget(page, stack.site.url("/support.html"));
    await panel(page).getByRole("button", { name: "Start voice call" }).first().click();
    await expect(panel(page).getByRole("alert")).toContainText("Microphone access was denied");
    const box = panel(page).getByRole("textbox", { name: /type a message/i });
    await expect(box).toBeVisible();
    await expect(box).toBeFocused();
    await attachScreenshot(page, "microphone denied");

    await box.fill("What is your refund policy?");
    await box.press("Enter");
    await expect(agentLines(page).last()).toContainText(/30.day/i, { timeout: 180_000 });
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
});

test("with the relay down the widget says it cannot reach support, and nothing throws", async ({
  serve,
  page,
}) => {
  stack = await startTechcorpStack(serve, { relay: "down" });
  const errors = await openWidget(page, stack.site.url("/"));
  await panel(page).getByRole("button", { name: "Type instead" }).click();
  const box = panel(page).getByRole("textbox", { name: /type a message/i });
  await box.fill("What is your refund policy?");
  await box.press("Enter");
  await expect(panel(page).getByRole("alert")).toContainText("We can't reach support", {
    timeout: 180_000,
  });
  await expect(panel(page).getByRole("button", { name: "Try again" })).toBeVisible();
  await expect(panel(page).getByRole("status")).toHaveText("Support unreachable");
  // The question was not lost: it is back in the box for when support is reachable again.
  await expect(box).toHaveValue("What is your refund policy?");
  await attachScreenshot(page, "relay unreachable");
  expect(errors).toEqual([]);
});
