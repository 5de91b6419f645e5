import { useEffect, useState } from "react";
import type { PageProps } from "../App";
import { api } from "../api";
import { siteDateTime, words } from "../format";

interface Lead {
  id: string;
  name: string | null;
  company: string | null;
  phone: string | null;
  email: string | null;
  preferredChannel: string | null;
  leadStatus: string;
  lastContactedAt: number | null;
  nextActionTime: number | null;
  pendingAction: string | null;
  lastIssue: string | null;
}

export function LeadsPage({ site }: PageProps) {
  const [leads, setLeads] = useState<Lead[] | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api<{ leads: Lead[] }>("GET", `/leads?site=${encodeURIComponent(site.id)}`).then(
      (r) => setLeads(r.leads),
      (e: Error) => setError(e.message),
    );
  }, [site.id]);
  return (
    <section>
      <h1>Leads</h1>
      {error && <p role="alert">{error}</p>}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Company</th>
              <th scope="col">Phone</th>
              <th scope="col">Email</th>
              <th scope="col">Channel</th>
              <th scope="col">Status</th>
              <th scope="col">Last contacted</th>
              <th scope="col">Next action</th>
              <th scope="col">Last issue</th>
            </tr>
          </thead>
          <tbody>
            {leads?.map((l) => (
              <tr key={l.id} data-lead={l.id}>
                <th scope="row">{l.name ?? l.id}</th>
                <td>{l.company ?? "—"}</td>
                <td>{l.phone ?? "—"}</td>
                <td>{l.email ?? "—"}</td>
                <td>{words(l.preferredChannel)}</td>
                <td>{words(l.leadStatus)}</td>
                <td>{siteDateTime(l.lastContactedAt, site.timezone)}</td>
                <td>
                  {l.pendingAction ? `${words(l.pendingAction)} ` : ""}
                  {l.nextActionTime ? siteDateTime(l.nextActionTime, site.timezone) : ""}
                </td>
                <td>{words(l.lastIssue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {leads?.length === 0 && <p className="muted">No leads yet.</p>}
    </section>
  );
}
