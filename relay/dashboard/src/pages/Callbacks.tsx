import { useCallback, useEffect, useState } from "react";
import type { PageProps } from "../App";
import { api } from "../api";
import { siteDateTime, words } from "../format";

interface Callback {
  id: string;
  phone: string;
  dueAt: number;
  timeIso: string;
  reason: string | null;
  status: string;
}

export function CallbacksPage({ site }: PageProps) {
  const [data, setData] = useState<{ now: number; callbacks: Callback[] } | null>(null);
  const [all, setAll] = useState(false);
  const [error, setError] = useState("");
  const load = useCallback(
    () =>
      api<{ now: number; callbacks: Callback[] }>(
        "GET",
        `/callbacks?site=${encodeURIComponent(site.id)}${all ? "&all=1" : ""}`,
      ).then(setData, (e: Error) => setError(e.message)),
    [site.id, all],
  );
  useEffect(() => void load(), [load]);
  return (
    <section>
      <h1>Callbacks</h1>
      <label>
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Show done
        and cancelled too
      </label>
      {error && <p role="alert">{error}</p>}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Due</th>
              <th scope="col">Phone</th>
              <th scope="col">Reason</th>
              <th scope="col">Status</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {data?.callbacks.map((cb) => (
              <tr
                key={cb.id}
                className={cb.dueAt <= data.now && cb.status !== "done" ? "overdue" : undefined}
              >
                <th scope="row">
                  {siteDateTime(cb.dueAt, site.timezone)}
                  {cb.dueAt <= data.now && cb.status !== "done" ? " (due)" : ""}
                </th>
                <td>{cb.phone}</td>
                <td>{cb.reason ?? "—"}</td>
                <td>{words(cb.status)}</td>
                <td>
                  {cb.status !== "done" && (
                    <button
                      type="button"
                      onClick={() =>
                        void api("POST", `/callbacks/${encodeURIComponent(cb.id)}/done`).then(
                          load,
                          (e: Error) => setError(e.message),
                        )
                      }
                    >
                      Mark done
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data?.callbacks.length === 0 && <p className="muted">No callbacks due.</p>}
    </section>
  );
}
