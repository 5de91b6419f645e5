/**
 * The widget's stylesheet, injected into its shadow root. Only custom properties cross the
 * shadow boundary, so a site themes the widget by setting them on the host element
 * (`parley-agent { --parley-accent: #0f766e; }`) and nothing else of the page leaks in.
 * Default colours meet WCAG AA (text ≥ 4.5:1, controls ≥ 3:1) on the default background.
 */
export const WIDGET_CSS = `
:host {
  all: initial;
  --_accent: var(--parley-accent, #1d4ed8);
  --_accent-fg: var(--parley-accent-contrast, #ffffff);
  --_bg: var(--parley-background, #ffffff);
  --_fg: var(--parley-foreground, #111827);
  --_muted: var(--parley-muted, #4b5563);
  --_surface: var(--parley-surface, #f3f4f6);
  --_border: var(--parley-border, #d1d5db);
  --_danger: var(--parley-danger, #b91c1c);
  --_success: var(--parley-success, #047857);
  --_radius: var(--parley-radius, 16px);
  --_font: var(--parley-font, system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif);
  --_z: var(--parley-z-index, 2147483000);
  --_offset: var(--parley-offset, 20px);
  --_width: var(--parley-panel-width, 380px);
  font-family: var(--_font);
  font-size: 15px;
  line-height: 1.45;
  color: var(--_fg);
}
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: border-box; }
button, input { font: inherit; color: inherit; }
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
:focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; }

.root.floating { position: fixed; z-index: var(--_z); bottom: var(--_offset); right: var(--_offset); }
.root.floating.left { right: auto; left: var(--_offset); }
.root.inline { position: relative; display: block; }

.launcher {
  display: inline-flex; align-items: center; gap: 10px;
  min-height: 52px; padding: 0 22px 0 18px; border: 0; border-radius: 999px;
  background: var(--_accent); color: var(--_accent-fg); font-weight: 600; font-size: 16px;
  cursor: pointer; box-shadow: 0 8px 24px rgb(0 0 0 / 0.22);
  transition: transform 120ms ease, box-shadow 120ms ease;
}
.launcher:hover { transform: translateY(-1px); box-shadow: 0 10px 28px rgb(0 0 0 / 0.26); }
.launcher:focus-visible { outline-color: var(--_fg); outline-offset: 3px; }
.launcher svg { width: 22px; height: 22px; flex: none; }
.launcher .live { width: 10px; height: 10px; border-radius: 50%; background: #22c55e; box-shadow: 0 0 0 2px var(--_accent-fg); }

.panel {
  display: flex; flex-direction: column;
  width: min(var(--_width), calc(100vw - 2 * var(--_offset)));
  height: min(600px, calc(100vh - 2 * var(--_offset) - 68px));
  min-height: 320px;
  background: var(--_bg); color: var(--_fg);
  border: 1px solid var(--_border); border-radius: var(--_radius);
  box-shadow: 0 18px 48px rgb(0 0 0 / 0.24);
  overflow: hidden;
}
.floating .panel { position: absolute; bottom: 68px; right: 0; }
.floating.left .panel { right: auto; left: 0; }
.inline .panel { width: 100%; height: var(--parley-inline-height, 560px); box-shadow: none; }
.panel[hidden] { display: none; }

header {
  display: flex; align-items: center; gap: 8px; padding: 12px 12px 12px 16px;
  background: var(--_accent); color: var(--_accent-fg);
}
header h2 { margin: 0; font-size: 16px; font-weight: 650; flex: 1; min-width: 0;
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.mode { font-size: 12px; font-weight: 600; padding: 2px 8px; border-radius: 999px;
  border: 1px solid currentColor; white-space: nowrap; }
.mode[hidden] { display: none; }
.icon-button {
  display: inline-grid; place-items: center; width: 36px; height: 36px; flex: none;
  border: 0; border-radius: 10px; background: transparent; color: inherit; cursor: pointer;
}
.icon-button:hover { background: rgb(255 255 255 / 0.16); }
.icon-button:focus-visible { outline-color: var(--_accent-fg); outline-offset: -3px; }
.icon-button svg { width: 20px; height: 20px; }

.status { display: flex; align-items: center; gap: 10px; padding: 10px 16px;
  border-bottom: 1px solid var(--_border); background: var(--_surface); min-height: 44px; }
.dot { width: 10px; height: 10px; border-radius: 50%; background: var(--_muted); flex: none; }
.status[data-state="listening"] .dot { background: var(--_success); animation: pulse 1.4s ease-in-out infinite; }
.status[data-state="thinking"] .dot, .status[data-state="loading"] .dot,
.status[data-state="requesting_microphone"] .dot, .status[data-state="waiting_for_human"] .dot { background: #b45309; }
.status[data-state="speaking"] .dot, .status[data-state="with_human"] .dot { background: var(--_accent); }
.status[data-state="error"] .dot { background: var(--_danger); }
.status-text { flex: 1; font-weight: 600; font-size: 14px; }
.meter { width: 64px; height: 8px; border-radius: 4px; background: var(--_border); overflow: hidden; flex: none; }
.meter[hidden] { display: none; }
.meter span { display: block; height: 100%; width: 100%; background: var(--_success);
  transform-origin: left center; transform: scaleX(0); transition: transform 60ms linear; }
@keyframes pulse { 50% { opacity: 0.35; } }

.body { flex: 1; min-height: 0; overflow-y: auto; padding: 12px 16px; display: flex; flex-direction: column; gap: 12px; }
.notice { margin: 0; padding: 12px; border-radius: 12px; background: var(--_surface); font-size: 14px; }
.notice h3 { margin: 0 0 6px; font-size: 15px; }
.notice p { margin: 0 0 10px; }
.notice[hidden], .progress[hidden], .error[hidden], .rating[hidden] { display: none; }
.handoff .headline { font-weight: 600; }
.handoff p[hidden], .handoff button[hidden] { display: none; }
.error { border: 1px solid var(--_danger); background: #fef2f2; color: #7f1d1d; }
.error p { margin: 0 0 10px; }
.progress { font-size: 13px; color: var(--_muted); }
.bar { height: 8px; border-radius: 4px; background: var(--_border); overflow: hidden; margin: 6px 0; }
.bar span { display: block; height: 100%; width: 100%; background: var(--_accent);
  transform-origin: left center; transform: scaleX(0); transition: transform 200ms ease; }
.progress p { margin: 0; }
.progress .numbers { font-variant-numeric: tabular-nums; color: var(--_fg); }

.captions { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
.captions li { max-width: 88%; padding: 8px 12px; border-radius: 14px; font-size: 14px; overflow-wrap: anywhere; }
.captions li .who { display: block; font-size: 11px; font-weight: 700; text-transform: uppercase;
  letter-spacing: 0.04em; margin-bottom: 2px; color: var(--_muted); }
.captions li.agent, .captions li.human_agent { align-self: flex-start; background: var(--_surface); border-bottom-left-radius: 4px; }
.captions li.visitor { align-self: flex-end; background: var(--_accent); color: var(--_accent-fg); border-bottom-right-radius: 4px; }
.captions li.visitor .who { color: inherit; opacity: 0.9; }
.captions li.interim { opacity: 0.75; font-style: italic; }
.captions li details.full { margin-top: 6px; font-size: 13px; }
.captions li details.full summary { cursor: pointer; font-weight: 600; }
.captions li details.full p { margin: 4px 0 0; }
.captions li.action { align-self: center; max-width: 100%; background: transparent; color: var(--_success);
  font-size: 13px; font-weight: 600; padding: 2px 8px; }
.captions li.action.failed { color: var(--_danger); }

.primary, .secondary {
  display: inline-flex; align-items: center; justify-content: center; gap: 6px;
  min-height: 40px; padding: 0 14px; border-radius: 10px; font-weight: 600; font-size: 14px; cursor: pointer;
}
.primary { border: 0; background: var(--_accent); color: var(--_accent-fg); }
.secondary { border: 1px solid var(--_border); background: var(--_bg); color: var(--_fg); }
.secondary:hover { background: var(--_surface); }
.secondary[aria-pressed="true"] { background: var(--_fg); color: var(--_bg); border-color: var(--_fg); }
.danger { border-color: var(--_danger); color: var(--_danger); }
.actions-row { display: flex; flex-wrap: wrap; gap: 8px; }
.rating .stars { display: flex; gap: 4px; }
.rating .stars button { min-width: 40px; }

form { display: flex; gap: 8px; padding: 10px 12px; border-top: 1px solid var(--_border); }
form[hidden] { display: none; }
input[type="text"] { flex: 1; min-width: 0; min-height: 40px; padding: 0 12px;
  border: 1px solid var(--_muted); border-radius: 10px; background: var(--_bg); }
.controls { display: flex; gap: 8px; padding: 10px 12px; border-top: 1px solid var(--_border); justify-content: flex-end; }
.controls[hidden] { display: none; }
.controls .primary, .controls .secondary { flex: 1; }
.controls button[hidden] { display: none; }

@media (max-width: 480px) {
  .root.floating { bottom: 12px; right: 12px; }
  .root.floating.left { left: 12px; }
  .floating .panel { position: fixed; left: 8px; right: 8px; bottom: 76px; width: auto;
    height: min(600px, calc(100vh - 92px)); }
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation: none !important; transition: none !important; }
}
@media (forced-colors: active) {
  .launcher, .primary, .captions li.visitor { border: 1px solid ButtonText; }
}
`;
