import { useCallback, useEffect, useRef, useState } from "react";
import type { PageProps } from "../App";
import { api } from "../api";
import { siteTime, words } from "../format";
import type { Escalation } from "../types";
import type { RtcSettings } from "@parley/protocol";
import { createPeer, webRtcAvailable, type Peer } from "@parley/widget/handoff/peer";

interface ConsoleState {
  agent: { id: string; name: string; status: string; expertise: string[] };
  mine: Escalation[];
  queue: Escalation[];
  queueTotal: number;
  ended: Escalation[];
  /** Calls taken back from me lately, with why (the visitor hung up, went back to the AI…). */
  withdrawn: Array<{ id: string; at: number; text: string }>;
  rtc: RtcSettings;
}

interface HandoffMsg {
  id: number;
  escalationId: string;
  sender: string;
  kind: string;
  payload: Record<string, unknown>;
  at: number;
}

const EXPERTISE = ["technical", "billing", "delivery", "general"];

export function ConsolePage({ site }: PageProps) {
  const [state, setState] = useState<ConsoleState | null>(null);
  const [error, setError] = useState("");
  const [streamUp, setStreamUp] = useState(false);
  // Kept here: the handoff card disappears as soon as the stream reports the escalation ended.
  const [lastEnded, setLastEnded] = useState("");
  const handlers = useRef<(m: HandoffMsg) => void>(() => undefined);

  useEffect(() => {
    void api<ConsoleState>("GET", "/agent/state").then(setState, (e: Error) => setError(e.message));
    const source = new EventSource("/dashboard/api/agent/stream");
    source.addEventListener("state", (e) =>
      setState(JSON.parse((e as MessageEvent<string>).data) as ConsoleState),
    );
    source.addEventListener("handoff", (e) =>
      handlers.current(JSON.parse((e as MessageEvent<string>).data) as HandoffMsg),
    );
    source.onopen = () => setStreamUp(true);
    source.onerror = () => setStreamUp(false);
    return () => source.close();
  }, []);

  const offered = state?.mine.filter((e) => e.state === "assigned") ?? [];
  const withdrawnNotes = useWithdrawnNotes(state);
  useEffect(() => {
    document.title = offered.length
      ? `(${offered.length}) New escalation — Parley`
      : "Parley — agent console";
  }, [offered.length]);

  async function patch(body: Record<string, unknown>) {
    try {
      setState(await api<ConsoleState>("PATCH", "/agent/me", body));
    } catch (e) {
      setError((e as Error).message);
    }
  }

  if (!state) return <p className="loading">{error || "Loading…"}</p>;
  const live = state.mine.find((e) => e.state === "accepted");
  return (
    <section aria-labelledby="console-title">
      <h1 id="console-title">Agent console — {state.agent.name}</h1>
      <p className="muted">{streamUp ? "Connected for notifications" : "Reconnecting…"}</p>
      {error && <p role="alert">{error}</p>}
      <form className="toolbar" onSubmit={(e) => e.preventDefault()}>
        <label>
          My status{" "}
          <select
            aria-label="My status"
            value={state.agent.status}
            onChange={(e) => void patch({ status: e.target.value })}
          >
            {["available", "busy", "away"].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="inline">
          <legend>Expertise</legend>
          {EXPERTISE.map((x) => (
            <label key={x}>
              <input
                type="checkbox"
                checked={state.agent.expertise.includes(x)}
                onChange={(e) => {
                  const next = e.target.checked
                    ? [...state.agent.expertise, x]
                    : state.agent.expertise.filter((v) => v !== x);
                  if (next.length) void patch({ expertise: next });
                }}
              />{" "}
              {x}
            </label>
          ))}
        </fieldset>
        <span>Queue: {state.queueTotal}</span>
      </form>

      <div aria-live="assertive" role="region" aria-label="Notifications">
        {offered.map((e) => (
          <Offer key={e.id} escalation={e} tz={site.timezone} onError={setError} />
        ))}
      </div>
      {lastEnded && <p role="status">{lastEnded}</p>}
      {withdrawnNotes.map((note) => (
        <p key={note.id} role="status" className="withdrawn" data-withdrawn={note.id}>
          {note.text}
        </p>
      ))}
      {live && (
        <LiveHandoff
          key={live.id}
          escalation={live}
          tz={site.timezone}
          handlers={handlers}
          rtc={state.rtc}
          onEnded={setLastEnded}
        />
      )}
      {state.queue.length > 0 && (
        <>
          <h2>Waiting in the queue</h2>
          {state.queue.map((e) => (
            <Offer key={e.id} escalation={e} tz={site.timezone} onError={setError} queued />
          ))}
        </>
      )}
      {!live && offered.length === 0 && state.queue.length === 0 && (
        <p className="muted">No escalations for you right now.</p>
      )}
      {state.ended.length > 0 && (
        <>
          <h2>Recently ended</h2>
          <ul>
            {state.ended.map((e) => (
              <li key={e.id}>
                {siteTime(e.createdAt, site.timezone)} · {e.handoff.query} · {words(e.category)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * Says so when a call this console showed (an offer, or the live conversation) is taken away:
 * the visitor hung up or went back to the AI (the relay says why), or an unanswered offer went
 * back to the queue. Without this the card would just disappear.
 */
function useWithdrawnNotes(state: ConsoleState | null) {
  const shown = useRef(new Map<string, string>());
  const [notes, setNotes] = useState<Array<{ id: string; text: string }>>([]);
  useEffect(() => {
    if (!state) return;
    const open = new Map(
      state.mine.map((e) => [e.id, e.handoff.query] as const).filter(([, q]) => q !== undefined),
    );
    const gone = [...shown.current.entries()].filter(([id]) => !open.has(id));
    const ended = new Set(state.ended.map((e) => e.id));
    const fresh = gone
      .filter(([id]) => !ended.has(id))
      .map(([id, query]) => {
        const why = state.withdrawn.find((w) => w.id === id)?.text;
        return {
          id,
          text: `Offer withdrawn (${query}): ${why || "it rang out and went back to the queue."}`,
        };
      });
    shown.current = open;
    if (fresh.length) setNotes((n) => [...fresh, ...n].slice(0, 5));
  }, [state]);
  return notes;
}

function HandoffPackage({ escalation: e, tz }: { escalation: Escalation; tz: string }) {
  const h = e.handoff;
  return (
    <div className="package" data-testid="handoff-package">
      <dl className="facts">
        <dt>Customer</dt>
        <dd data-field="customer">{h.customer}</dd>
        <dt>Customer data</dt>
        <dd data-field="customer-data">
          {[
            h.customer_data.name,
            h.customer_data.company,
            h.customer_data.phone,
            h.customer_data.email,
          ]
            .filter(Boolean)
            .join(" · ") || "—"}
        </dd>
        <dt>Query</dt>
        <dd data-field="query">{h.query}</dd>
        <dt>Reason</dt>
        <dd data-field="reason">
          {h.reason} ({words(e.category)}
          {e.urgency ? `, ${e.urgency} urgency` : ""})
        </dd>
        <dt>AI attempted</dt>
        <dd data-field="ai-attempted">{h.ai_attempted ? "Yes" : "No"}</dd>
      </dl>
      <details open>
        <summary>Conversation history ({h.conversation_history.length})</summary>
        <ol className="transcript" data-field="history">
          {h.conversation_history.map((line, i) => (
            <li key={i} className={`line ${line.speaker}`}>
              <strong>{words(line.speaker)}</strong>
              {line.at ? ` · ${siteTime(line.at, tz)}` : ""}: {line.text}
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}

function Offer({
  escalation: e,
  tz,
  onError,
  queued,
}: {
  escalation: Escalation;
  tz: string;
  onError: (m: string) => void;
  queued?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const act = (what: "accept" | "decline") => {
    setBusy(true);
    api("POST", `/agent/escalations/${encodeURIComponent(e.id)}/${what}`, {})
      .catch((err: Error) => onError(err.message))
      .finally(() => setBusy(false));
  };
  return (
    <article className="card offer" data-escalation={e.id} role={queued ? undefined : "alert"}>
      <h2>
        {queued ? "Queued" : "🔔 New escalation from AI"}: {e.handoff.query}
      </h2>
      <HandoffPackage escalation={e} tz={tz} />
      <div className="buttons">
        <button type="button" onClick={() => act("accept")} disabled={busy}>
          Accept
        </button>
        {!queued && (
          <button type="button" onClick={() => act("decline")} disabled={busy}>
            Decline
          </button>
        )}
      </div>
    </article>
  );
}

function LiveHandoff({
  escalation: e,
  tz,
  handlers,
  rtc,
  onEnded,
}: {
  escalation: Escalation;
  tz: string;
  handlers: React.RefObject<(m: HandoffMsg) => void>;
  rtc: RtcSettings;
  onEnded: (message: string) => void;
}) {
  const [chat, setChat] = useState<HandoffMsg[]>([]);
  const [voice, setVoice] = useState<string>(
    webRtcAvailable() ? "connecting voice…" : "voice unavailable — use the chat",
  );
  const [text, setText] = useState("");
  const [error, setError] = useState("");
  const [ended, setEnded] = useState<string | null>(null);
  const audio = useRef<HTMLAudioElement>(null);
  const peer = useRef<Peer | null>(null);
  const seen = useRef(new Set<number>());

  const post = useCallback(
    (kind: string, payload: Record<string, unknown>) =>
      api<{ id: number }>("POST", `/agent/escalations/${encodeURIComponent(e.id)}/messages`, {
        kind,
        payload,
      }).then(() => undefined),
    [e.id],
  );

  const handle = useCallback(
    (m: HandoffMsg) => {
      if (m.escalationId !== e.id || seen.current.has(m.id)) return;
      seen.current.add(m.id);
      if (m.kind === "chat") setChat((c) => [...c, m].sort((a, b) => a.id - b.id));
      else if (m.sender === "visitor") {
        if (m.kind === "rtc_connected") setVoice("voice connected");
        void peer.current?.receive(m.kind, m.payload);
      }
    },
    [e.id],
  );

  useEffect(() => {
    handlers.current = handle;
    const p = createPeer({
      role: "offerer",
      send: post,
      rtc,
      onRemoteStream: (stream) => {
        if (audio.current) {
          audio.current.srcObject = stream;
          void audio.current.play().catch(() => undefined);
        }
      },
      onState: (s, reason) =>
        setVoice(
          s === "connected"
            ? "voice connected"
            : s === "failed"
              ? `voice unavailable (${reason ?? "failed"}) — use the chat`
              : "connecting voice…",
        ),
    });
    peer.current = p;
    void p.start();
    // Catch up on anything that arrived before the stream watched this handoff.
    void api<{ messages: HandoffMsg[] }>(
      "GET",
      `/agent/escalations/${encodeURIComponent(e.id)}/messages?after=0`,
    ).then((r) => r.messages.forEach(handle));
    return () => {
      p.close();
      handlers.current = () => undefined;
    };
  }, [e.id, handle, handlers, post]);

  async function send(ev: React.FormEvent) {
    ev.preventDefault();
    if (!text.trim()) return;
    try {
      await post("chat", { text });
      setText("");
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function end(ev: React.FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const form = new FormData(ev.currentTarget);
    try {
      const r = await api<{ ticketNumber: string }>(
        "POST",
        `/agent/escalations/${encodeURIComponent(e.id)}/end`,
        {
          resolution: form.get("resolution"),
          ticketStatus: form.get("ticketStatus"),
        },
      );
      setEnded(`Ended. Ticket ${r.ticketNumber} updated.`);
      onEnded(`Ended the conversation. Ticket ${r.ticketNumber} updated.`);
      peer.current?.close();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <article className="card live" data-live-escalation={e.id}>
      <h2>With the customer: {e.handoff.query}</h2>
      <p data-testid="voice-state" aria-live="polite">
        {voice}
      </p>
      <audio ref={audio} autoPlay />
      <HandoffPackage escalation={e} tz={tz} />
      <h3>Chat</h3>
      <ol className="chat" aria-live="polite" data-testid="agent-chat">
        {chat.map((m) => (
          <li key={m.id} className={m.sender}>
            <strong>{m.sender === "agent" ? "You" : "Customer"}</strong> {siteTime(m.at, tz)}:{" "}
            {String(m.payload.text ?? "")}
          </li>
        ))}
      </ol>
      <form onSubmit={(ev) => void send(ev)} className="inline">
        <label>
          <span className="sr-only">Message to the customer</span>
          <input
            value={text}
            onChange={(ev) => setText(ev.target.value)}
            placeholder="Type a message"
            maxLength={2000}
            aria-label="Message to the customer"
          />
        </label>
        <button type="submit">Send</button>
      </form>
      <form onSubmit={(ev) => void end(ev)} className="stack end">
        <label>
          Resolution <input name="resolution" required maxLength={1000} aria-label="Resolution" />
        </label>
        <label>
          Ticket status{" "}
          <select name="ticketStatus" defaultValue="resolved">
            {["resolved", "in_progress", "open", "closed"].map((s) => (
              <option key={s} value={s}>
                {words(s)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">End conversation</button>
      </form>
      {error && <p role="alert">{error}</p>}
      {ended && <p role="status">{ended}</p>}
    </article>
  );
}
