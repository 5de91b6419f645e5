import type { ActionResult } from "@parley/protocol";
import type {
  AgentError,
  AgentState,
  BrainMode,
  Caption,
  HandoffStatus,
  LoadProgress,
} from "../core/voice-agent";
import { describeAction } from "./strings";

/**
 * What every shell (the script-tag panel, the React component, a team's own UI through the
 * hook) renders: the agent's events folded into one immutable snapshot. Pure functions only,
 * so the folding is tested under Node with scripted events.
 */

export type TranscriptItem =
  | ({ kind: "caption" } & Caption)
  | { kind: "action"; id: string; text: string; ok: boolean; at: number };

export interface ProgressSummary {
  /** Parts still loading or loaded, in the order they first reported. */
  parts: LoadProgress[];
  loadedBytes: number;
  /** Null while any part's size is unknown. */
  totalBytes: number | null;
  /** 0..1 over everything reported so far. */
  fraction: number;
  /** True when every part came from the browser cache (second visit). */
  allFromCache: boolean;
}

export interface WidgetSnapshot {
  /** The agent's own state; "idle" before the agent exists. */
  state: AgentState;
  /** True from the visitor's "start" until the call ends or fails. */
  inCall: boolean;
  /** True while the pipeline code itself is being fetched (before the agent reports). */
  preparing: boolean;
  transcript: TranscriptItem[];
  progress: ProgressSummary | null;
  mode: { mode: BrainMode; reason: string } | null;
  error: AgentError | null;
  /** Microphone level 0..1 (only meaningful while listening). */
  level: number;
  muted: boolean;
  /** The visitor's rating of the ended call, once given. */
  rating: number | null;
  /** A typed conversation: no microphone was asked for (typed first, or it was refused). */
  textOnly: boolean;
  /** The transfer to a person, from the first "waiting" until the next call starts. */
  handoff: HandoffStatus | null;
}

export const INITIAL_SNAPSHOT: WidgetSnapshot = {
  state: "idle",
  inCall: false,
  preparing: false,
  transcript: [],
  progress: null,
  mode: null,
  error: null,
  level: 0,
  muted: false,
  rating: null,
  textOnly: false,
  handoff: null,
};

const IN_CALL_STATES: ReadonlySet<AgentState> = new Set([
  "requesting_microphone",
  "loading",
  "listening",
  "thinking",
  "speaking",
  "waiting_for_human",
  "with_human",
]);

export function applyState(s: WidgetSnapshot, state: AgentState): WidgetSnapshot {
  const inCall = IN_CALL_STATES.has(state) ? true : state === "idle" ? s.inCall : false;
  return {
    ...s,
    state,
    inCall,
    preparing: false,
    // A new attempt clears the previous failure; errors reported during a call stay visible.
    error: state === "requesting_microphone" ? null : s.error,
    level: state === "listening" ? s.level : 0,
    progress: state === "loading" ? s.progress : null,
  };
}

/** Interim visitor captions are replaced in place by later ones with the same id. */
export function applyCaption(s: WidgetSnapshot, caption: Caption): WidgetSnapshot {
  const index = s.transcript.findIndex((item) => item.kind === "caption" && item.id === caption.id);
  const item: TranscriptItem = { kind: "caption", ...caption };
  if (index === -1) return { ...s, transcript: [...s.transcript, item] };
  const transcript = s.transcript.slice();
  transcript[index] = item;
  return { ...s, transcript };
}

export function applyAction(s: WidgetSnapshot, action: ActionResult, at: number): WidgetSnapshot {
  const id = `action:${action.actionId}`;
  const item: TranscriptItem = {
    kind: "action",
    id,
    text: describeAction(action),
    ok: action.status !== "failed",
    at,
  };
  const index = s.transcript.findIndex((t) => t.id === id);
  if (index === -1) return { ...s, transcript: [...s.transcript, item] };
  const transcript = s.transcript.slice();
  transcript[index] = item;
  return { ...s, transcript };
}

export function applyProgress(s: WidgetSnapshot, progress: LoadProgress): WidgetSnapshot {
  const previous = s.progress?.parts ?? [];
  const index = previous.findIndex((p) => p.part === progress.part);
  const parts =
    index === -1 ? [...previous, progress] : previous.map((p, i) => (i === index ? progress : p));
  return { ...s, progress: summarizeProgress(parts) };
}

export function summarizeProgress(parts: LoadProgress[]): ProgressSummary {
  let loadedBytes = 0;
  let totalBytes: number | null = 0;
  for (const part of parts) {
    loadedBytes += part.loadedBytes;
    if (part.totalBytes === null || totalBytes === null) totalBytes = null;
    else totalBytes += part.totalBytes;
  }
  const fraction =
    totalBytes !== null && totalBytes > 0
      ? Math.min(1, loadedBytes / totalBytes)
      : parts.length === 0
        ? 0
        : parts.reduce((sum, p) => sum + clamp01(p.fraction), 0) / parts.length;
  return {
    parts,
    loadedBytes,
    totalBytes,
    fraction,
    allFromCache: parts.length > 0 && parts.every((p) => p.fromCache),
  };
}

export function applyError(s: WidgetSnapshot, error: AgentError): WidgetSnapshot {
  return { ...s, error, preparing: false, inCall: false, level: 0 };
}

export function applyLevel(s: WidgetSnapshot, level: number): WidgetSnapshot {
  const next = clamp01(level);
  // Below 1% change is invisible on the meter: skip the re-render.
  return Math.abs(next - s.level) < 0.01 ? s : { ...s, level: next };
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
