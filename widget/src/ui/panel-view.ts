import type { AgentSession } from "./agent-session";
import { createHandoffBox } from "./handoff-box";
import { ERRORS_OFFERING_TEXT, formatBytes, modeLabel, type WidgetTexts } from "./strings";
import { WIDGET_CSS } from "./styles";
import type { TranscriptItem, WidgetSnapshot } from "./view-model";

/**
 * The visitor-facing panel in plain DOM (no framework, so the script-tag loader stays tiny):
 * a floating "Talk to us" button and the call panel, or the panel alone inline. It renders a
 * session's snapshot and nothing else; every decision about the call lives in the session.
 */

export interface PanelViewOptions {
  session: AgentSession;
  texts: WidgetTexts;
  /** "floating": launcher button in a corner that opens the panel; "inline": panel only. */
  layout: "floating" | "inline";
  position?: "right" | "left";
  /** localStorage key remembering that the privacy notice was accepted; null: ask every time. */
  privacyKey: string | null;
  /** Open the panel immediately (floating layout). */
  initiallyOpen?: boolean;
}

export interface PanelView {
  open(): void;
  close(): void;
  unmount(): void;
}

const MIC_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><rect x="9" y="2" width="6" height="12" rx="3"/><path d="M5 10a7 7 0 0 0 14 0M12 17v4M8 21h8"/></svg>';
const CLOSE_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"><path d="M6 6l12 12M18 6L6 18"/></svg>';

let instances = 0;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "class") node.className = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function readAccepted(key: string | null): boolean {
  if (!key) return false;
  try {
    return localStorage.getItem(key) === "1";
  } catch {
    return false; // storage blocked (privacy mode, sandboxed iframe)
  }
}

function storeAccepted(key: string | null): void {
  if (!key) return;
  try {
    localStorage.setItem(key, "1");
  } catch {
    /* storage blocked: the notice simply shows again next time */
  }
}

export function mountPanel(
  container: ShadowRoot | HTMLElement,
  options: PanelViewOptions,
): PanelView {
  const { session, texts } = options;
  const n = ++instances;
  const ids = {
    panel: `parley-panel-${n}`,
    title: `parley-title-${n}`,
    input: `parley-input-${n}`,
  };
  const floating = options.layout === "floating";
  let isOpen = !floating || options.initiallyOpen === true;
  let accepted = readAccepted(options.privacyKey);
  let lastErrorShown: WidgetSnapshot["error"] = null;

  const style = el("style");
  style.textContent = WIDGET_CSS;

  const launcher = el("button", {
    class: "launcher",
    type: "button",
    "aria-expanded": "false",
    "aria-controls": ids.panel,
  });
  launcher.innerHTML = MIC_ICON;
  const launcherLabel = el("span", {}, texts.launcher);
  const liveDot = el("span", { class: "live", hidden: "" });
  launcher.append(launcherLabel, liveDot);

  const closeButton = el("button", {
    class: "icon-button",
    type: "button",
    "aria-label": texts.close,
  });
  closeButton.innerHTML = CLOSE_ICON;
  const modeBadge = el("span", { class: "mode", hidden: "" });
  const header = el("header", {}, el("h2", { id: ids.title }, texts.title), modeBadge);
  if (floating) header.append(closeButton);

  const statusText = el("span", { class: "status-text", role: "status", "aria-live": "polite" });
  const meterFill = el("span");
  const meter = el("div", { class: "meter", "aria-hidden": "true", hidden: "" }, meterFill);
  const status = el(
    "div",
    { class: "status" },
    el("span", { class: "dot", "aria-hidden": "true" }),
    statusText,
    meter,
  );

  const acceptButton = el("button", { class: "primary", type: "button" }, texts.privacyAccept);
  const typeInsteadButton = el("button", { class: "secondary", type: "button" }, texts.typeInstead);
  const privacy = el(
    "section",
    { class: "notice privacy", "aria-labelledby": `${ids.title}-privacy` },
    el("h3", { id: `${ids.title}-privacy` }, texts.privacyTitle),
    el("p", {}, texts.privacy),
    el("div", { class: "actions-row" }, acceptButton, typeInsteadButton),
  );

  const barFill = el("span");
  const bar = el(
    "div",
    { class: "bar", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100" },
    barFill,
  );
  const progressLabel = el("p");
  const progressNumbers = el("p", { class: "numbers" });
  const progressNote = el("p");
  const progress = el(
    "div",
    { class: "notice progress", hidden: "" },
    progressLabel,
    bar,
    progressNumbers,
    progressNote,
  );

  const errorText = el("p");
  const retryButton = el("button", { class: "primary", type: "button" }, texts.retry);
  const errorBox = el(
    "div",
    { class: "notice error", role: "alert", hidden: "" },
    errorText,
    retryButton,
  );

  const captions = el("ol", {
    class: "captions",
    role: "log",
    "aria-live": "polite",
    "aria-label": texts.captionsLabel,
  });
  const captionNodes = new Map<string, HTMLLIElement>();

  const stars = el("div", { class: "stars" });
  for (let value = 1; value <= 5; value++) {
    const star = el(
      "button",
      { class: "secondary", type: "button", "aria-label": `${value} of 5` },
      String(value),
    );
    star.addEventListener("click", () => void session.rate(value as 1 | 2 | 3 | 4 | 5));
    stars.append(star);
  }
  const ratingQuestion = el("p", {}, texts.rateQuestion);
  const rating = el("div", { class: "notice rating", hidden: "" }, ratingQuestion, stars);

  const handoffBox = createHandoffBox(
    texts,
    (tag, attrs, text) => el(tag, attrs, ...(text ? [text] : [])),
    () => void session.cancelHandoff(),
  );
  const body = el(
    "div",
    { class: "body" },
    privacy,
    progress,
    errorBox,
    captions,
    handoffBox.element,
    rating,
  );

  const input = el("input", {
    id: ids.input,
    type: "text",
    autocomplete: "off",
    enterkeyhint: "send",
    maxlength: "500",
    placeholder: texts.textPlaceholder,
  });
  const form = el(
    "form",
    { hidden: "" },
    el("label", { class: "sr-only", for: ids.input }, texts.textLabel),
    input,
    el("button", { class: "primary", type: "submit" }, texts.send),
  );

  const callButton = el("button", { class: "primary", type: "button" });
  callButton.innerHTML = MIC_ICON.replace("<svg ", '<svg width="18" height="18" ');
  const callLabel = el("span", {}, texts.startCall);
  callButton.append(callLabel);
  const muteButton = el(
    "button",
    { class: "secondary", type: "button", "aria-pressed": "false" },
    texts.mute,
  );
  const endButton = el("button", { class: "secondary danger", type: "button" }, texts.endCall);
  const controls = el("div", { class: "controls", hidden: "" }, muteButton, endButton, callButton);

  const panel = el(
    "section",
    { class: "panel", id: ids.panel, role: "dialog", "aria-labelledby": ids.title },
    header,
    status,
    body,
    form,
    controls,
  );
  const root = el("div", {
    class: `root ${options.layout}${options.position === "left" ? " left" : ""}`,
  });
  if (floating) root.append(panel, launcher);
  else root.append(panel);
  container.append(style, root);

  const shadowActive = (): Element | null =>
    container instanceof ShadowRoot ? container.activeElement : document.activeElement;

  const focusFirst = () => {
    const s = session.getSnapshot();
    const target = !accepted
      ? acceptButton
      : s.error && !retryButton.hidden
        ? retryButton
        : s.inCall
          ? input
          : callButton;
    (isVisible(target) ? target : input).focus();
  };

  const setOpen = (next: boolean, restoreFocus = true) => {
    if (!floating || next === isOpen) return;
    isOpen = next;
    render();
    if (next) focusFirst();
    else if (restoreFocus) launcher.focus();
  };

  const startCall = () => void session.start();
  launcher.addEventListener("click", () => setOpen(!isOpen));
  closeButton.addEventListener("click", () => setOpen(false));
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && floating) {
      event.stopPropagation();
      setOpen(false);
    }
  });
  acceptButton.addEventListener("click", () => {
    accepted = true;
    storeAccepted(options.privacyKey);
    render();
    callButton.focus();
    startCall();
  });
  typeInsteadButton.addEventListener("click", () => {
    accepted = true;
    storeAccepted(options.privacyKey);
    render();
    input.focus();
  });
  callButton.addEventListener("click", startCall);
  endButton.addEventListener("click", () => void session.stop());
  muteButton.addEventListener("click", () => session.setMuted(!session.getSnapshot().muted));
  retryButton.addEventListener("click", () => void session.retry());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    void session.sendText(text).then((taken) => {
      // Not delivered (support unreachable…): give the visitor their words back.
      if (!taken && input.value === "") input.value = text;
    });
  });

  function render() {
    const s = session.getSnapshot();
    launcher.setAttribute("aria-expanded", String(isOpen));
    liveDot.hidden = !s.inCall;
    panel.hidden = !isOpen;

    modeBadge.hidden = s.mode === null;
    if (s.mode) {
      modeBadge.textContent = modeLabel(texts, s.mode.mode);
      modeBadge.title = s.mode.reason;
    }

    const stateText = s.preparing
      ? texts.states.loading
      : s.textOnly && s.state === "listening"
        ? texts.typeStatus
        : s.muted && s.state === "listening"
          ? texts.mutedStatus
          : s.state === "error" && s.error
            ? texts.errorTitles[s.error.code]
            : texts.states[s.state];
    status.dataset["state"] = s.preparing ? "loading" : s.state;
    if (statusText.textContent !== stateText) statusText.textContent = stateText;
    meter.hidden = s.state !== "listening" || s.muted || s.textOnly;
    meterFill.style.transform = `scaleX(${s.level.toFixed(2)})`;

    privacy.hidden = accepted;

    const p = s.progress;
    progress.hidden = !(s.state === "loading" && p);
    if (p) {
      const percent = Math.round(p.fraction * 100);
      const current = p.parts.find((part) => part.fraction < 1) ?? p.parts[p.parts.length - 1];
      progressLabel.textContent = current ? current.label : texts.states.loading;
      const sizes =
        p.totalBytes !== null
          ? `${formatBytes(p.loadedBytes)} of ${formatBytes(p.totalBytes)}`
          : formatBytes(p.loadedBytes);
      progressNumbers.textContent = `${sizes} · ${percent}%`;
      progressNote.textContent = p.allFromCache ? texts.fromCache : texts.firstTimeOnly;
      bar.setAttribute("aria-valuenow", String(percent));
      bar.setAttribute("aria-valuetext", `${sizes}, ${percent}%`);
      barFill.style.transform = `scaleX(${p.fraction.toFixed(3)})`;
    }

    const error = s.error;
    errorBox.hidden = error === null;
    if (error) {
      errorText.textContent = texts.errors[error.code] ?? error.message;
      errorBox.title = error.message;
      // During a call, a reported problem (support unreachable) is information, not a dead end.
      retryButton.hidden = !error.retryable || s.inCall;
    }

    renderTranscript(s.transcript);
    handoffBox.render(s.handoff);

    const ended = s.state === "ended" && !s.inCall;
    rating.hidden = !(ended && s.rating === null && s.transcript.length > 0);
    if (ended && s.rating !== null) ratingQuestion.textContent = texts.thanksForRating;
    if (ended && s.rating !== null) rating.hidden = false;
    stars.hidden = s.rating !== null;

    form.hidden = !accepted;
    controls.hidden = !accepted;
    muteButton.hidden = !s.inCall || s.textOnly;
    endButton.hidden = !s.inCall;
    callButton.hidden =
      (s.inCall && !s.textOnly) || s.preparing || (error !== null && error.retryable && !s.inCall);
    callLabel.textContent =
      s.textOnly && s.inCall
        ? texts.switchToVoice
        : ended || s.transcript.length > 0
          ? texts.newCall
          : texts.startCall;
    controls.hidden = !accepted || (muteButton.hidden && endButton.hidden && callButton.hidden);
    muteButton.setAttribute("aria-pressed", String(s.muted));
    muteButton.textContent = s.muted ? texts.unmute : texts.mute;

    // Keep keyboard focus inside the panel when the control it was on disappears.
    const active = shadowActive();
    if (isOpen && active && panel.contains(active) && !isVisible(active as HTMLElement)) {
      (s.inCall ? endButton : isVisible(callButton) ? callButton : input).focus();
    }
    // When the microphone fails, typing is the way forward: put the cursor there.
    if (error && error !== lastErrorShown && ERRORS_OFFERING_TEXT.has(error.code) && isOpen) {
      input.focus();
    }
    lastErrorShown = error;
  }

  function renderTranscript(items: TranscriptItem[]) {
    let appended = false;
    for (const item of items) {
      let node = captionNodes.get(item.id);
      if (!node) {
        node = el("li");
        captionNodes.set(item.id, node);
        captions.append(node);
        appended = true;
      }
      const className =
        item.kind === "action"
          ? `action${item.ok ? "" : " failed"}`
          : `${item.speaker}${item.final ? "" : " interim"}`;
      if (node.className !== className) node.className = className;
      const text = item.text;
      const full = item.kind === "caption" ? (item.fullText ?? "") : "";
      if (node.dataset["text"] !== text || (node.dataset["full"] ?? "") !== full) {
        node.dataset["text"] = text;
        node.dataset["full"] = full;
        if (item.kind === "caption") {
          const who =
            item.speaker === "visitor"
              ? texts.you
              : item.speaker === "agent"
                ? texts.agent
                : texts.humanAgent;
          node.replaceChildren(el("span", { class: "who" }, who), text);
          // A spoken answer is short; the passage it came from is one tap away.
          if (full)
            node.append(
              el(
                "details",
                { class: "full" },
                el("summary", {}, texts.fullAnswer),
                el("p", {}, full),
              ),
            );
        } else {
          node.textContent = text;
        }
        appended = true;
      }
    }
    if (captionNodes.size > items.length) {
      const keep = new Set(items.map((i) => i.id));
      for (const [id, node] of captionNodes) {
        if (!keep.has(id)) {
          node.remove();
          captionNodes.delete(id);
        }
      }
    }
    if (appended) body.scrollTop = body.scrollHeight;
  }

  const unsubscribe = session.subscribe(render);
  render();

  return {
    open: () => setOpen(true),
    close: () => setOpen(false, false),
    unmount() {
      unsubscribe();
      handoffBox.destroy();
      style.remove();
      root.remove();
    },
  };
}

function isVisible(node: HTMLElement): boolean {
  for (let at: HTMLElement | null = node; at; at = at.parentElement) {
    if (at.hidden) return false;
  }
  return true;
}
