import { useEffect, useRef, type CSSProperties } from "react";
import type { VoiceAgentOptions } from "../core/voice-agent";
import type { LoadAgent } from "../element/parley-agent-element";
import { mountPanel } from "../ui/panel-view";
import { DEFAULT_TEXTS, type WidgetTexts } from "../ui/strings";
import { themeToStyle, type VoiceAgentTheme } from "./theme";
import { useAgentSession } from "./use-agent-session";
import type { VoiceAgentCallbacks } from "./callbacks";

export interface VoiceAgentProps extends VoiceAgentCallbacks {
  /** Base URL of your Parley relay, e.g. "https://support.example.com". */
  relayUrl: string;
  /** The site id configured on the relay, e.g. "techcorp". */
  siteId: string;
  /** Where the knowledge index lives, when not on the relay. */
  knowledgeUrl?: string;
  /** Base URL of self-hosted models and wasm runtimes (see `knowledge-index models pull`). */
  assetBaseUrl?: string;
  /** Brain and model choices: "auto" uses WebLLM where the device can run it, else Lite. */
  models?: VoiceAgentOptions["models"];
  /** BCP 47 language for speech recognition and the voice, default "en". */
  language?: string;
  /** The company the agent speaks for, and the phone region and time zone it reads numbers and times in. */
  site?: VoiceAgentOptions["site"];
  /** Colours, radius and font as CSS custom properties (see README "Theming"). */
  theme?: VoiceAgentTheme;
  /** Override any visitor-facing text: title, launcher label, privacy notice, messages… */
  texts?: Partial<WidgetTexts>;
  /** "floating" (default): a "Talk to us" button in a corner; "inline": the panel in place. */
  layout?: "floating" | "inline";
  /** Corner of the floating button, default "right". */
  position?: "left" | "right";
  /** Remember the accepted privacy notice in localStorage (default true). */
  rememberPrivacyConsent?: boolean;
  /** Bring your own microphone stream (advanced; default getUserMedia with echo cancellation). */
  getAudioStream?: () => Promise<MediaStream>;
  /** Replace how the pipeline is loaded (tests, custom bundling). Default: a lazy import. */
  createAgent?: LoadAgent;
  className?: string;
  style?: CSSProperties;
}

/**
 * The complete Parley widget for React apps: the same panel as the script tag, rendered in a
 * shadow root so your app's CSS and the widget's never collide. The voice pipeline, workers
 * and models load only when the visitor starts a call or sends a message.
 *
 *   <VoiceAgent relayUrl="https://support.example.com" siteId="techcorp" theme={{ accent: "#0f766e" }} />
 */
export function VoiceAgent(props: VoiceAgentProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const options: VoiceAgentOptions = {
    relayUrl: props.relayUrl,
    siteId: props.siteId,
    knowledgeUrl: props.knowledgeUrl,
    assetBaseUrl: props.assetBaseUrl,
    models: props.models,
    language: props.language,
    site: props.site,
    getAudioStream: props.getAudioStream,
  };
  const session = useAgentSession(
    options,
    {
      state: props.onStateChange,
      caption: props.onCaption,
      progress: props.onProgress,
      mode: props.onModeChange,
      error: props.onError,
      timings: props.onTimings,
      action: props.onAction,
    },
    props.createAgent,
  );

  const texts = { ...DEFAULT_TEXTS, ...props.texts };
  const layout = props.layout ?? "floating";
  const privacyKey =
    props.rememberPrivacyConsent === false ? null : `parley:privacy-accepted:${props.siteId}`;
  const textsKey = JSON.stringify(props.texts ?? null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: "open" });
    const view = mountPanel(shadow, {
      session,
      texts,
      layout,
      position: props.position,
      privacyKey,
    });
    return () => view.unmount();
    // texts are compared by value (textsKey): a new object literal each render must not remount.
  }, [session, layout, props.position, privacyKey, textsKey]);

  return (
    <div
      ref={hostRef}
      className={props.className}
      data-parley-site={props.siteId}
      style={{
        ...themeToStyle(props.theme),
        ...(layout === "inline" ? { display: "block" } : {}),
        ...props.style,
      }}
    />
  );
}
