import type { VoiceAgent, VoiceAgentOptions } from "../core/voice-agent";
import { createAgentSession, type AgentSession } from "../ui/agent-session";
import { mountPanel, type PanelView } from "../ui/panel-view";
import { DEFAULT_TEXTS, type WidgetTexts } from "../ui/strings";

/**
 * `<parley-agent site="techcorp" relay="https://support.example.com">`: the widget as a custom
 * element with a shadow root, so the host page's CSS cannot reach inside and the widget's CSS
 * cannot leak out. Only `--parley-*` custom properties cross the boundary (theming).
 *
 * The element does not import the voice pipeline: it is given a `loadAgent` function, and calls
 * it only when the visitor starts a call or sends text (dynamic import in both builds).
 */

export type LoadAgent = (options: VoiceAgentOptions) => Promise<VoiceAgent>;

export const PARLEY_ELEMENT_TAG = "parley-agent";

/** Attributes the element reads when it is connected. */
export const PARLEY_ELEMENT_ATTRIBUTES = [
  "site",
  "relay",
  "knowledge-url",
  "asset-base",
  "brain",
  "language",
  "company",
  "region",
  "timezone",
  "order-id-pattern",
  "title",
  "launcher-text",
  "privacy-text",
  "position",
  "layout",
  "open",
] as const;

export function readAgentOptions(element: HTMLElement): VoiceAgentOptions | string {
  const siteId = element.getAttribute("site")?.trim();
  const relayUrl = element.getAttribute("relay")?.trim();
  if (!siteId) return 'the "site" attribute (data-site on the script tag) is missing';
  if (!relayUrl) return 'the "relay" attribute (data-relay on the script tag) is missing';
  let relay: URL;
  try {
    relay = new URL(relayUrl, document.baseURI);
  } catch {
    return `"${relayUrl}" is not a valid relay URL`;
  }
  const options: VoiceAgentOptions = { siteId, relayUrl: relay.href.replace(/\/$/, "") };
  const knowledgeUrl = element.getAttribute("knowledge-url");
  if (knowledgeUrl) options.knowledgeUrl = new URL(knowledgeUrl, document.baseURI).href;
  const assetBase = element.getAttribute("asset-base");
  if (assetBase) options.assetBaseUrl = new URL(assetBase, document.baseURI).href;
  const brain = element.getAttribute("brain");
  if (brain === "lite" || brain === "webllm" || brain === "auto") options.models = { brain };
  const language = element.getAttribute("language");
  if (language) options.language = language;
  // What the agent says and how it reads phone numbers and times ("9876543210" in IN).
  const company = element.getAttribute("company");
  if (company) {
    options.site = { company };
    const region = element.getAttribute("region");
    if (region) options.site.defaultRegion = region.toUpperCase();
    const timezone = element.getAttribute("timezone");
    if (timezone) options.site.timezone = timezone;
    const orderIdPattern = element.getAttribute("order-id-pattern");
    if (orderIdPattern) options.site.orderIdPattern = orderIdPattern;
    const answerWords = Number(element.getAttribute("answer-words"));
    if (Number.isInteger(answerWords) && answerWords >= 10 && answerWords <= 120)
      options.site.maxAnswerWords = answerWords;
  }
  return options;
}

export function textsFor(element: HTMLElement, base: WidgetTexts = DEFAULT_TEXTS): WidgetTexts {
  const texts = { ...base };
  const title = element.getAttribute("title");
  if (title) texts.title = title;
  const launcher = element.getAttribute("launcher-text");
  if (launcher) texts.launcher = launcher;
  const privacy = element.getAttribute("privacy-text");
  if (privacy) texts.privacy = privacy;
  return texts;
}

/** Registers `<parley-agent>` once; later calls are no-ops (several bundles on one page). */
export function defineParleyElement(loadAgent: LoadAgent, tag: string = PARLEY_ELEMENT_TAG): void {
  if (customElements.get(tag)) return;

  class ParleyAgentElement extends HTMLElement {
    #session: AgentSession | null = null;
    #view: PanelView | null = null;

    connectedCallback() {
      if (this.#view) return;
      const shadow = this.shadowRoot ?? this.attachShadow({ mode: "open" });
      const options = readAgentOptions(this);
      if (typeof options === "string") {
        console.error(`parley: the widget is not shown because ${options}.`);
        return;
      }
      this.#session = createAgentSession({
        createAgent: (overrides) => loadAgent({ ...options, ...overrides }),
      });
      this.#view = mountPanel(shadow, {
        session: this.#session,
        texts: textsFor(this),
        layout: this.getAttribute("layout") === "inline" ? "inline" : "floating",
        position: this.getAttribute("position") === "left" ? "left" : "right",
        privacyKey: `parley:privacy-accepted:${options.siteId}`,
        initiallyOpen: this.hasAttribute("open"),
      });
    }

    disconnectedCallback() {
      this.#view?.unmount();
      this.#session?.dispose();
      this.#view = null;
      this.#session = null;
    }

    /** The session behind the panel (integrators: events, sendText, stop). */
    get session(): AgentSession | null {
      return this.#session;
    }

    open() {
      this.#view?.open();
    }

    close() {
      this.#view?.close();
    }
  }

  customElements.define(tag, ParleyAgentElement);
}
