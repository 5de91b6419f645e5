/** Display helpers. Times are shown in the site's timezone (the relay's SiteConfig.timezone). */
import { actionDefinition, localIsoToZonedIso } from "@parley/protocol";

export function siteDateTime(ms: number | null | undefined, timeZone: string): string {
  if (ms == null) return "—";
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    dateStyle: "medium",
    timeStyle: "medium",
  }).format(ms);
}

export function siteTime(ms: number | null | undefined, timeZone: string): string {
  if (ms == null) return "—";
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).format(ms);
}

/** 75000 → "01:15" (mm:ss, or h:mm:ss past an hour). */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export function seconds(ms: number | null | undefined): string {
  return ms == null ? "—" : `${(ms / 1000).toFixed(1)}s`;
}

export function percent(value: number | null | undefined): string {
  return value == null ? "—" : `${Math.round(value)}%`;
}

export function words(value: string | null | undefined): string {
  return value ? value.replace(/_/g, " ") : "—";
}

/** An action type as the protocol's registry labels it (an SMS action → "SMS"). */
export function actionLabel(type: string): string {
  return actionDefinition(type)?.label ?? words(type);
}

/** "2026-11-21T10:00" in the site's zone → epoch ms (for the custom range inputs). */
export function zonedInputToMs(value: string, timeZone: string): number {
  const iso = localIsoToZonedIso(value, timeZone);
  return iso === null ? Number.NaN : Date.parse(iso);
}

export function msToZonedInput(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("sv-SE", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(ms);
  return parts.replace(" ", "T");
}
