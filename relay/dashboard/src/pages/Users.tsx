import { useCallback, useEffect, useState } from "react";
import type { PageProps } from "../App";
import { api } from "../api";

interface User {
  id: string;
  username: string;
  displayName: string;
  role: string;
  agentId: string | null;
  disabled: boolean;
}
interface Agent {
  id: string;
  siteId: string;
  name: string;
  status: string;
  expertise: string[];
}

const EXPERTISE = ["technical", "billing", "delivery", "general"];

export function UsersPage({ site }: PageProps) {
  const [data, setData] = useState<{ users: User[]; agents: Agent[] } | null>(null);
  const [msg, setMsg] = useState("");
  const load = useCallback(
    () =>
      api<{ users: User[]; agents: Agent[] }>("GET", "/users").then(setData, (e: Error) =>
        setMsg(e.message),
      ),
    [],
  );
  useEffect(() => void load(), [load]);

  async function create(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const role = String(form.get("role"));
    const agentId = String(form.get("agentId") ?? "");
    const expertise = form.getAll("expertise").map(String);
    try {
      await api("POST", "/users", {
        username: form.get("username"),
        displayName: form.get("displayName"),
        password: form.get("password"),
        role,
        ...(role === "agent" || agentId
          ? agentId
            ? { agentId }
            : { siteId: site.id, expertise }
          : {}),
      });
      setMsg("Account created");
      (e.target as HTMLFormElement).reset();
      void load();
    } catch (err) {
      setMsg((err as Error).message);
    }
  }

  return (
    <section>
      <h1>Accounts</h1>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Agent</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {data?.users.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.username}</th>
                <td>{u.displayName}</td>
                <td>{u.role}</td>
                <td>{data.agents.find((a) => a.id === u.agentId)?.name ?? "—"}</td>
                <td>
                  {u.disabled ? "disabled " : "active "}
                  <button
                    type="button"
                    onClick={() =>
                      void api("PATCH", `/users/${u.id}`, { disabled: !u.disabled }).then(
                        load,
                        (e: Error) => setMsg(e.message),
                      )
                    }
                  >
                    {u.disabled ? "Enable" : "Disable"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>New account</h2>
      <form onSubmit={(e) => void create(e)} className="stack">
        <label>
          Username <input name="username" required pattern="[a-z0-9._\-]{3,40}" />
        </label>
        <label>
          Name <input name="displayName" required maxLength={80} />
        </label>
        <label>
          Password{" "}
          <input
            name="password"
            type="password"
            required
            minLength={10}
            autoComplete="new-password"
          />
        </label>
        <label>
          Role{" "}
          <select name="role" defaultValue="agent">
            <option value="agent">agent</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <label>
          Answers as agent{" "}
          <select name="agentId" defaultValue="">
            <option value="">a new agent (expertise below)</option>
            {data?.agents
              .filter((a) => a.siteId === site.id)
              .map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.expertise.join(", ")})
                </option>
              ))}
          </select>
        </label>
        <fieldset>
          <legend>Expertise (new agent)</legend>
          {EXPERTISE.map((x) => (
            <label key={x}>
              <input type="checkbox" name="expertise" value={x} defaultChecked={x === "general"} />{" "}
              {x}
            </label>
          ))}
        </fieldset>
        <button type="submit">Create account</button>
        <p role="status">{msg}</p>
      </form>
    </section>
  );
}
