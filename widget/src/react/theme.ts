import type { CSSProperties } from "react";

/**
 * Theme values for the widget, mapped onto its `--parley-*` CSS custom properties. Any CSS
 * colour/length works. Keep text on `accent` at 4.5:1 contrast with `accentContrast` (WCAG AA).
 */
export interface VoiceAgentTheme {
  /** Buttons, header, visitor bubbles (default #1d4ed8). */
  accent?: string;
  /** Text on the accent colour (default #ffffff). */
  accentContrast?: string;
  /** Panel background (default #ffffff). */
  background?: string;
  /** Main text (default #111827). */
  foreground?: string;
  /** Secondary text (default #4b5563). */
  muted?: string;
  /** Agent bubbles, status bar (default #f3f4f6). */
  surface?: string;
  border?: string;
  danger?: string;
  success?: string;
  /** Panel corner radius (default 16px). */
  radius?: string;
  /** Font stack (default the system UI font). */
  font?: string;
  /** z-index of the floating button and panel. */
  zIndex?: number;
  /** Distance of the floating button from the corner (default 20px). */
  offset?: string;
  /** Panel width on wide screens (default 380px). */
  panelWidth?: string;
}

const PROPERTY: Record<keyof VoiceAgentTheme, string> = {
  accent: "--parley-accent",
  accentContrast: "--parley-accent-contrast",
  background: "--parley-background",
  foreground: "--parley-foreground",
  muted: "--parley-muted",
  surface: "--parley-surface",
  border: "--parley-border",
  danger: "--parley-danger",
  success: "--parley-success",
  radius: "--parley-radius",
  font: "--parley-font",
  zIndex: "--parley-z-index",
  offset: "--parley-offset",
  panelWidth: "--parley-panel-width",
};

export function themeToStyle(theme: VoiceAgentTheme | undefined): CSSProperties {
  const style: Record<string, string> = {};
  if (!theme) return style;
  for (const [key, value] of Object.entries(theme)) {
    const property = PROPERTY[key as keyof VoiceAgentTheme];
    if (property && value !== undefined && value !== null) style[property] = String(value);
  }
  return style as CSSProperties;
}
