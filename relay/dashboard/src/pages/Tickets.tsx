import { useCallback, useEffect, useState } from "react";
import type { PageProps } from "../App";
import { api } from "../api";
import { siteDateTime, words } from "../format";
import { linkClick } from "../router";

interface Ticket {
  id: number;
  number: string;
  sessionId: string | null;
  issueType: string;
  priority: string;
  status: string;
  summary: string;
  resolution: string | null;
  orderId: string | null;
  createdAt: number;
  updatedAt: number;
}

const STATUSES = ["open", "in_progress", "resolved", "closed"];

export function TicketsPage({ site }: PageProps) {
  const [tickets, setTickets] = useState<Ticket[] | null>(null);
  const [filter, setFilter] = useState("");
  const [error, setError] = useState("");
  const load = useCallback(
    () =>
      api<{ tickets: Ticket[] }>(
        "GET",
        `/tickets?site=${encodeURIComponent(site.id)}${filter ? `&status=${filter}` : ""}`,
      ).then(
        (r) => setTickets(r.tickets),
        (e: Error) => setError(e.message),
      ),
    [site.id, filter],
  );
  useEffect(() => void load(), [load]);

  return (
    <section>
      <h1>Tickets</h1>
      <div className="toolbar">
        <label>
          Status{" "}
          <select value={filter} onChange={(e) => setFilter(e.target.value)}>
            <option value="">all</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {words(s)}
              </option>
            ))}
          </select>
        </label>
        <a
          className="button"
          href={`/dashboard/api/export/tickets.csv?site=${encodeURIComponent(site.id)}`}
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
              <th scope="col">Ticket</th>
              <th scope="col">Created</th>
              <th scope="col">Issue</th>
              <th scope="col">Priority</th>
              <th scope="col">Summary</th>
              <th scope="col">Status and resolution</th>
            </tr>
          </thead>
          <tbody>
            {tickets?.map((t) => (
              <TicketRow key={t.id} ticket={t} tz={site.timezone} onSaved={() => void load()} />
            ))}
          </tbody>
        </table>
      </div>
      {tickets?.length === 0 && <p className="muted">No tickets.</p>}
    </section>
  );
}

function TicketRow({
  ticket: t,
  tz,
  onSaved,
}: {
  ticket: Ticket;
  tz: string;
  onSaved: () => void;
}) {
  const [status, setStatus] = useState(t.status);
  const [resolution, setResolution] = useState(t.resolution ?? "");
  const [msg, setMsg] = useState("");
  const dirty = status !== t.status || resolution !== (t.resolution ?? "");
  async function save(e: React.FormEvent) {
    e.preventDefault();
    try {
      await api("PATCH", `/tickets/${t.id}`, { status, resolution });
      setMsg("Saved");
      onSaved();
    } catch (err) {
      setMsg((err as Error).message);
    }
  }
  return (
    <tr data-ticket={t.number}>
      <th scope="row">
        {t.number}
        {t.sessionId && (
          <>
            {" "}
            <a href={`/dashboard/calls/${encodeURIComponent(t.sessionId)}`} onClick={linkClick}>
              call
            </a>
          </>
        )}
      </th>
      <td>{siteDateTime(t.createdAt, tz)}</td>
      <td>
        {words(t.issueType)}
        {t.orderId ? ` · ${t.orderId}` : ""}
      </td>
      <td>{t.priority}</td>
      <td>{t.summary}</td>
      <td>
        <form onSubmit={(e) => void save(e)} className="inline">
          <label>
            <span className="sr-only">Status of {t.number}</span>
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {words(s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="sr-only">Resolution of {t.number}</span>
            <input
              value={resolution}
              onChange={(e) => setResolution(e.target.value)}
              placeholder="Resolution"
              maxLength={1000}
            />
          </label>
          <button type="submit" disabled={!dirty}>
            Save
          </button>
          <span role="status">{msg}</span>
        </form>
      </td>
    </tr>
  );
}
