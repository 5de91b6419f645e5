import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "../../../packages/test-rig/src/fixtures";
import {
  closeTechcorpStack,
  startTechcorpStack,
  type TechcorpStack,
} from "../../techcorp/e2e/techcorp-stack";

/**
 * The React example as a React developer ships it: the Vite build of examples/react-app with
 * `<VoiceAgent>` under StrictMode, served on 127.0.0.1 beside a real relay process (libSQL file,
 * dev outbox) that holds the TechCorp index. A typed conversation (no speech model needed)
 * checks what the component promises the host app: its texts and theme, `onStateChange`,
 * `onAction`, and one relay session per call even though StrictMode mounts effects twice.
 */
test.setTimeout(240_000);

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(here, "../dist");
/** The relay URL the build bakes in when VITE_PARLEY_RELAY_URL is not set (App.tsx). */
const BUILT_RELAY_URL = "http://127.0.0.1:8787";

/** The app's entry chunk with the baked-in relay URL pointed at this test's relay. */
function entryPointedAt(relayUrl: string): Record<string, { body: string; contentType: string }> {
  const assets = path.join(DIST, "assets");
  const routes: Record<string, { body: string; contentType: string }> = {};
  for (const file of readdirSync(assets).filter((f) => f.endsWith(".js"))) {
    const text = readFileSync(path.join(assets, file), "utf8");
    if (!text.includes(BUILT_RELAY_URL)) continue;
    routes[`/assets/${file}`] = {
      body: text.replaceAll(BUILT_RELAY_URL, relayUrl),
      contentType: "text/javascript; charset=utf-8",
    };
  }
  if (Object.keys(routes).length === 0)
    throw new Error(`no chunk in ${assets} holds ${BUILT_RELAY_URL}: was the example rebuilt?`);
  return routes;
}

let stack: TechcorpStack | undefined;
test.afterEach(async () => {
  await closeTechcorpStack(stack, test.info());
  stack = undefined;
});

test("<VoiceAgent> in a React app answers typed questions and reports the WhatsApp action to the host", async ({
  serve,
  page,
}) => {
  stack = await startTechcorpStack(serve, {
    site: (relayUrl) => ({ root: DIST, routes: entryPointedAt(relayUrl) }),
  });
  const { site, relayUrl } = stack;

  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const sessionsOpened: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url() === `${relayUrl}/v1/sessions`)
      sessionsOpened.push(request.url());
  });

  await page.goto(site.url("/"));
  await expect(page.getByRole("heading", { name: "Your orders" })).toBeVisible();
  const pill = page.locator(".pill");
  await expect(pill).toHaveText("Assistant: idle");

  // The component's texts prop: launcher and title as the app set them.
  await page.getByRole("button", { name: "Ask us anything" }).click();
  const panel = page.getByRole("dialog", { name: "TechCorp help" });
  await expect(panel).toBeVisible();
  await panel.getByRole("button", { name: "Type instead" }).click();
  const box = panel.getByRole("textbox", { name: /type a message/i });
  await expect(box).toBeFocused();

  await box.fill("What is your refund policy?");
  await box.press("Enter");
  const agentLines = panel.locator("li.agent");
  await expect(agentLines.last()).toContainText(/30-day money-back guarantee/i, {
    timeout: 180_000,
  });
  // onStateChange reached the app while the call ran.
  await expect(pill).not.toHaveText("Assistant: idle");

  await box.fill("Please send me the product catalog on WhatsApp");
  await box.press("Enter");
  await expect(agentLines.last()).toContainText(/number/i, { timeout: 60_000 });
  await box.fill("9876543210");
  await box.press("Enter");

  // onAction: the host app lists the follow-up the relay accepted.
  await expect(page.getByRole("heading", { name: "Follow-ups from this call" })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.locator("main li").first()).toContainText(/^send_whatsapp: /);
  const rows = await stack.outbox();
  const whatsapp = rows.find((row) => row.channel === "whatsapp");
  expect(whatsapp, JSON.stringify(rows)).toBeDefined();
  expect(whatsapp!.template).toBe("catalog");
  expect(whatsapp!.recipient).toContain("+919876543210");

  // The theme prop reached the widget: the launcher wears the app's accent colour.
  await expect(page.getByRole("button", { name: "Ask us anything" })).toHaveCSS(
    "background-color",
    "rgb(15, 118, 110)",
  );

  expect(sessionsOpened).toHaveLength(1);
  expect(errors).toEqual([]);
});
