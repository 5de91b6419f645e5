import { useEffect, useState } from "react";
import type { PageProps } from "../App";
import { api } from "../api";
import { siteDateTime, words } from "../format";

interface OutboxRow {
  id: string;
  channel: string;
  template: string;
  recipient: string;
  subject: string | null;
  body: string | null;
  textBody: string | null;
  provider: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  attachments: { name: string }[];
}

export function OutboxPage({ site }: PageProps) {
  const [rows, setRows] = useState<OutboxRow[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api<{ outbox: OutboxRow[] }>("GET", `/outbox?site=${encodeURIComponent(site.id)}`).then(
      (r) => setRows(r.outbox),
      (e: Error) => setError(e.message),
    );
  }, [site.id]);
  return (
    <section>
      <h1>Outbox</h1>
      <p className="muted">
        Every message the relay sent or stored. Rows marked “dev outbox” were stored only — not sent
        — because no provider is configured.
      </p>
      {error && <p role="alert">{error}</p>}
      <ul className="outbox">
        {rows?.map((r) => (
          <li key={r.id} data-outbox={r.channel}>
            <button
              type="button"
              aria-expanded={open === r.id}
              onClick={() => setOpen(open === r.id ? null : r.id)}
            >
              {siteDateTime(r.createdAt, site.timezone)} · {r.channel.toUpperCase()} → {r.recipient}{" "}
              · {words(r.template)} ·{" "}
              <span className={r.status === "dev_outbox" ? "badge warn" : "badge"}>
                {r.status === "dev_outbox" ? "dev outbox — NOT sent" : words(r.status)}
              </span>
            </button>
            {open === r.id && (
              <div className="message">
                {r.subject && (
                  <p>
                    <strong>Subject:</strong> {r.subject}
                  </p>
                )}
                {r.channel === "email" && r.body ? (
                  <iframe
                    title={`Email to ${r.recipient}`}
                    sandbox=""
                    srcDoc={r.body}
                    className="email"
                  />
                ) : (
                  <pre>{r.textBody ?? r.body ?? "(no body)"}</pre>
                )}
                {r.attachments.length > 0 && (
                  <p>Attachments: {r.attachments.map((a) => a.name).join(", ")}</p>
                )}
                <p className="muted">
                  provider {r.provider ?? "—"} · attempts {r.attempts}
                  {r.lastError ? ` · last error: ${r.lastError}` : ""}
                </p>
              </div>
            )}
          </li>
        ))}
      </ul>
      {rows?.length === 0 && <p className="muted">Nothing sent yet.</p>}
    </section>
  );
}
