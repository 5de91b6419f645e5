import { prebuiltAppConfig, type AppConfig, type ModelRecord } from "@mlc-ai/web-llm";

/**
 * The web-llm app config for one model. By default the prebuilt record (weights and model
 * library at their published, versioned URLs). With `modelBaseUrl` a site self-hosts both:
 * weights under `<base>/<model_id>/` and the library under `<base>/libs/<file>.wasm`. web-llm
 * needs absolute URLs, so relative bases are resolved against the page.
 */
export function webLlmAppConfig(
  modelId: string,
  modelBaseUrl?: string,
  pageUrl = globalThis.location?.href,
): AppConfig {
  const record = prebuiltAppConfig.model_list.find((m) => m.model_id === modelId);
  if (!record) throw new Error(`unknown WebLLM model "${modelId}": use a prebuilt model id`);
  if (!modelBaseUrl) return { ...prebuiltAppConfig, model_list: [record] };
  const base = new URL(modelBaseUrl.endsWith("/") ? modelBaseUrl : `${modelBaseUrl}/`, pageUrl)
    .href;
  const libFile = record.model_lib.split("/").pop()!;
  const selfHosted: ModelRecord = {
    ...record,
    model: new URL(`${modelId}/`, base).href,
    model_lib: new URL(`libs/${libFile}`, base).href,
  };
  return { ...prebuiltAppConfig, model_list: [selfHosted] };
}
