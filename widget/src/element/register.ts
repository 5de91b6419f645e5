import { loadBundledAgent } from "../loader/load-bundled-agent";
import { defineParleyElement, PARLEY_ELEMENT_TAG } from "./parley-agent-element";

/**
 * For bundler users who want the custom element rather than React:
 * `registerParleyElement()` then `<parley-agent site="…" relay="…">` anywhere in the page.
 */
export function registerParleyElement(tag: string = PARLEY_ELEMENT_TAG): void {
  defineParleyElement(loadBundledAgent, tag);
}
