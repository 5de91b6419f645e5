/**
 * The transfer to a person inside the panel: who the visitor waits for and for how long (and
 * their place in the queue), a way back to the assistant; then who they are talking to and
 * whether the voice connected (or that the chat is the way); then the agent's resolution and the
 * ticket number; or, when nobody could come, what happens instead. Plain DOM, like the panel.
 */
import type { HandoffStatus } from "../core/voice-agent";
import { fill, formatWait, type WidgetTexts } from "./strings";

export interface HandoffBox {
  element: HTMLElement;
  render(handoff: HandoffStatus | null): void;
  destroy(): void;
}

export function createHandoffBox(
  texts: WidgetTexts,
  make: (tag: "div" | "p" | "button", attrs: Record<string, string>, text?: string) => HTMLElement,
  onBackToAi: () => void,
): HandoffBox {
  const t = texts.handoff;
  const headline = make("p", { class: "headline" });
  const detail = make("p", { class: "detail" });
  const back = make("button", { class: "secondary", type: "button" }, t.backToAi);
  back.addEventListener("click", onBackToAi);
  const element = make("div", { class: "notice handoff", hidden: "", "data-testid": "handoff" });
  element.append(headline, detail, back);
  let current: HandoffStatus | null = null;
  let ticker: ReturnType<typeof setInterval> | undefined;

  const draw = () => {
    const h = current;
    element.hidden = h === null || h.phase === "cancelled";
    if (!h) return;
    element.dataset["phase"] = h.phase;
    const name = h.agentName ?? "";
    let top = "";
    let below = "";
    switch (h.phase) {
      case "waiting": {
        const time = formatWait(Date.now() - h.waitingSince);
        top = h.agentName ? fill(t.waitingFor, { name, time }) : fill(t.waitingForAnyone, { time });
        below = h.queuePosition ? fill(t.queuePosition, { position: h.queuePosition }) : "";
        break;
      }
      case "connected":
        top = fill(t.connectedTo, { name });
        below =
          h.voice === "connected"
            ? t.voiceConnected
            : h.voice === "connecting"
              ? t.voiceConnecting
              : fill(h.voice === "failed" ? t.voiceFailed : t.chatOnly, { name });
        break;
      case "ended":
        top = fill(t.resolution, { name, resolution: h.resolution ?? "" });
        below = h.ticketNumber ? fill(t.ticket, { ticket: h.ticketNumber }) : "";
        break;
      case "unavailable":
        top = t.unavailable;
        break;
    }
    if (headline.textContent !== top) headline.textContent = top;
    if (detail.textContent !== below) detail.textContent = below;
    detail.hidden = below === "";
    back.hidden = h.phase !== "waiting";
  };

  return {
    element,
    render(handoff) {
      current = handoff;
      const waiting = handoff?.phase === "waiting";
      if (waiting && !ticker) ticker = setInterval(draw, 1000);
      if (!waiting && ticker) {
        clearInterval(ticker);
        ticker = undefined;
      }
      draw();
    },
    destroy() {
      if (ticker) clearInterval(ticker);
    },
  };
}
