import { useEffect, useState } from "react";
import type { PageProps } from "../App";
import { api } from "../api";
import { actionLabel, clock, seconds, siteDateTime, siteTime, words } from "../format";
import { linkClick } from "../router";
import type { CallCard, LiveState } from "../types";
import { RangePicker, rangeQuery, type Range } from "./RangePicker";

const STATUS_ICON: Record<string, string> = {
  active: "🟢",
  clarification: "🟡",
  background_processing: "🔵",
  waiting_for_human: "🟠",
  with_agent: "🟣",
  ended: "⚪",
};

export function LivePage({ site, history }: PageProps & { history?: boolean }) {
  return history ? <History site={site} /> : <Live site={site} />;
}

function Live({ site }: { site: PageProps["site"] }) {
  const [state, setState] = useState<LiveState | null>(null);
  const [connected, setConnected] = useState(false);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    const source = new EventSource(`/dashboard/api/live?site=${encodeURIComponent(site.id)}`);
    source.addEventListener("state", (e) =>
      setState(JSON.parse((e as MessageEvent<string>).data) as LiveState),
    );
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      source.close();
      clearInterval(tick);
    };
  }, [site.id]);

  return (
    <section aria-labelledby="live-title">
      <h1 id="live-title">Live call monitoring</h1>
      <p className="muted" aria-live="polite">
        {connected ? "Live" : "Reconnecting…"}
        {state ? ` · updated ${siteTime(state.at, site.timezone)}` : ""}
      </p>
      <div className="stats">
        <div className="stat">
          <span>Active calls</span>
          <strong data-testid="active-count">{state?.active.length ?? "…"}</strong>
        </div>
        <div className="stat">
          <span>Queue</span>
          <strong data-testid="queue-count">{state?.queue.length ?? "…"}</strong>
        </div>
      </div>
      <div className="cards">
        {state?.active.map((c, i) => (
          <Card key={c.sessionId} call={c} n={i + 1} now={now} tz={site.timezone} />
        ))}
        {state && state.active.length === 0 && <p className="muted">No calls right now.</p>}
      </div>
      {state && state.recent.length > 0 && (
        <>
          <h2>Recently ended</h2>
          <div className="cards">
            {state.recent.map((c, i) => (
              <Card key={c.sessionId} call={c} n={i + 1} now={now} tz={site.timezone} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function actionsLine(c: CallCard): string {
  const parts: string[] = [];
  if (c.inProgressActions.length)
    parts.push(`⏳ ${c.inProgressActions.map(actionLabel).join(", ")}`);
  if (c.pendingActions.length)
    parts.push(`Pending ${c.pendingActions.map(actionLabel).join(", ")}`);
  if (c.completedActions.length) parts.push(`✅ ${c.completedActions.map(actionLabel).join(", ")}`);
  if (c.failedActions.length) parts.push(`❌ ${c.failedActions.map(actionLabel).join(", ")}`);
  return parts.length ? parts.join(" · ") : "None pending";
}

export function Card({
  call: c,
  n,
  now,
  tz,
}: {
  call: CallCard;
  n: number;
  now: number;
  tz: string;
}) {
  const duration = c.endedAt ? c.durationMs : now - c.startedAt;
  return (
    <article className="card" data-session={c.sessionId} aria-label={`Call ${n} with ${c.visitor}`}>
      <h3>
        <a href={`/dashboard/calls/${encodeURIComponent(c.sessionId)}`} onClick={linkClick}>
          Call #{n} — User: {c.visitor}
        </a>
      </h3>
      <dl>
        <dt>Started</dt>
        <dd>{siteTime(c.startedAt, tz)}</dd>
        <dt>Duration</dt>
        <dd data-field="duration">{clock(duration)}</dd>
        <dt>Status</dt>
        <dd data-field="status">
          <span aria-hidden="true">{STATUS_ICON[c.status] ?? "•"}</span> {words(c.status)}
        </dd>
        <dt>Intent</dt>
        <dd data-field="intent">
          {words(c.intent)}
          {c.issueType ? ` (${words(c.issueType)})` : ""}
        </dd>
        <dt>Stage</dt>
        <dd data-field="stage">{words(c.stage)}</dd>
        <dt>Response time</dt>
        <dd data-field="response">{seconds(c.avgResponseMs)} avg</dd>
        <dt>Knowledge used</dt>
        <dd data-field="knowledge">
          {c.knowledgeUsed ? `✅ Yes (${c.docsRetrieved} docs retrieved)` : "No"}
        </dd>
        {c.missingInfo.length > 0 && (
          <>
            <dt>Missing</dt>
            <dd data-field="missing">{c.missingInfo.map(words).join(", ")}</dd>
          </>
        )}
        <dt>Actions</dt>
        <dd data-field="actions">{actionsLine(c)}</dd>
        {c.ticketNumber && (
          <>
            <dt>Ticket</dt>
            <dd data-field="ticket">
              {c.ticketNumber} ({words(c.ticketStatus)})
            </dd>
          </>
        )}
        <dt>Sentiment</dt>
        <dd data-field="sentiment">
          {c.sentimentTrajectory.length ? c.sentimentTrajectory.join(" → ") : "—"}
        </dd>
        {c.escalation && (
          <>
            <dt>Escalation</dt>
            <dd data-field="escalation">
              {words(c.escalation.category)}: {words(c.escalation.state)}
            </dd>
          </>
        )}
        {c.endedAt && (
          <>
            <dt>Resolution</dt>
            <dd>
              {words(c.resolution)}
              {c.rating ? ` · rated ${c.rating}/5` : ""} · ended {siteDateTime(c.endedAt, tz)}
            </dd>
          </>
        )}
      </dl>
    </article>
  );
}

function History({ site }: { site: PageProps["site"] }) {
  const [range, setRange] = useState<Range>({ kind: "day" });
  const [calls, setCalls] = useState<CallCard[] | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    setCalls(null);
    api<{ calls: CallCard[] }>(
      "GET",
      `/calls?site=${encodeURIComponent(site.id)}&${rangeQuery(range)}`,
    ).then(
      (r) => setCalls(r.calls),
      (e: Error) => setError(e.message),
    );
  }, [site.id, range]);
  return (
    <section>
      <h1>Call history</h1>
      <div className="toolbar">
        <RangePicker value={range} onChange={setRange} tz={site.timezone} />
        <a
          className="button"
          href={`/dashboard/api/export/calls.csv?site=${encodeURIComponent(site.id)}&${rangeQuery(range)}`}
          download
        >
          Export CSV
        </a>
      </div>
      {error && <p role="alert">{error}</p>}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Visitor</th>
              <th scope="col">Duration</th>
              <th scope="col">Intent</th>
              <th scope="col">Status</th>
              <th scope="col">Avg response</th>
              <th scope="col">Ticket</th>
              <th scope="col">Resolution</th>
            </tr>
          </thead>
          <tbody>
            {calls?.map((c) => (
              <tr key={c.sessionId}>
                <td>
                  <a
                    href={`/dashboard/calls/${encodeURIComponent(c.sessionId)}`}
                    onClick={linkClick}
                  >
                    {siteDateTime(c.startedAt, site.timezone)}
                  </a>
                </td>
                <td>{c.visitor}</td>
                <td>{clock(c.durationMs)}</td>
                <td>{words(c.intent)}</td>
                <td>{words(c.status)}</td>
                <td>{seconds(c.avgResponseMs)}</td>
                <td>{c.ticketNumber ?? "—"}</td>
                <td>{words(c.resolution)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {calls?.length === 0 && <p className="muted">No calls in this range.</p>}
    </section>
  );
}
