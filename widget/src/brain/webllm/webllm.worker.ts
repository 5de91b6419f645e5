/// <reference lib="webworker" />
/**
 * The WebLLM engine's home: a dedicated worker, so model loading and generation never block
 * the page. The main thread talks to it through web-llm's `CreateWebWorkerMLCEngine`, which
 * implements the same `MLCEngineInterface` the adapter is tested against.
 */
import { WebWorkerMLCEngineHandler } from "@mlc-ai/web-llm";

const handler = new WebWorkerMLCEngineHandler();
self.onmessage = (event: MessageEvent) => handler.onmessage(event);
