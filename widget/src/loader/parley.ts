import {
  defineParleyElement,
  PARLEY_ELEMENT_TAG,
  type LoadAgent,
} from "../element/parley-agent-element";

/**
 * `parley.js`, the script-tag loader:
 *
 *   <script src="https://support.example.com/parley/parley.js" data-site="techcorp"
 *           data-relay="https://support.example.com" async></script>
 *
 * It registers `<parley-agent>` and adds one to the page with the tag's data-* settings. It
 * holds only the UI: the voice pipeline (`parley-agent.js`, its workers and models) is fetched
 * from beside this file when the visitor first starts a call or types a message.
 */

const AGENT_MODULE = "parley-agent.js";
const DATA_TO_ATTRIBUTE: Record<string, string> = {
  site: "site",
  relay: "relay",
  knowledgeUrl: "knowledge-url",
  assetBase: "asset-base",
  brain: "brain",
  language: "language",
  company: "company",
  region: "region",
  timezone: "timezone",
  orderIdPattern: "order-id-pattern",
  answerWords: "answer-words",
  title: "title",
  launcherText: "launcher-text",
  privacyText: "privacy-text",
  position: "position",
};

function currentScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  // Fallback for loaders that inject the script in ways that clear currentScript.
  return document.querySelector<HTMLScriptElement>('script[src*="parley"][data-site]');
}

const script = currentScript();
const scriptUrl = script?.src || document.baseURI;
const agentModuleUrl = new URL(AGENT_MODULE, scriptUrl).href;

const loadAgent: LoadAgent = async (options) => {
  const module = (await import(/* @vite-ignore */ agentModuleUrl)) as {
    createVoiceAgent: LoadAgent;
  };
  return module.createVoiceAgent(options);
};

defineParleyElement(loadAgent);

function addWidget(source: HTMLScriptElement) {
  const element = document.createElement(PARLEY_ELEMENT_TAG);
  for (const [key, attribute] of Object.entries(DATA_TO_ATTRIBUTE)) {
    const value = source.dataset[key];
    if (value) element.setAttribute(attribute, value);
  }
  // Models and wasm runtimes are self-hosted beside the loader (`models pull --out` that folder)
  // unless the site says otherwise with data-asset-base.
  if (!element.hasAttribute("asset-base") && source.dataset["assetBase"] === undefined) {
    element.setAttribute("asset-base", new URL("./", scriptUrl).href);
  }
  document.body.append(element);
}

if (script && script.dataset["site"] !== undefined && script.dataset["auto"] !== "false") {
  if (document.body) addWidget(script);
  else document.addEventListener("DOMContentLoaded", () => addWidget(script), { once: true });
}
