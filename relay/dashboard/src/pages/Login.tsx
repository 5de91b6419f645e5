import { useEffect, useState } from "react";
import { api, setCsrf } from "../api";

export function LoginPage({ onDone }: { onDone: (role: string) => void }) {
  const [state, setState] = useState<{ needsBootstrap: boolean; bootstrapEnabled: boolean } | null>(
    null,
  );
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<{ needsBootstrap: boolean; bootstrapEnabled: boolean }>("GET", "/auth/state").then(
      setState,
      () => setState({ needsBootstrap: false, bootstrapEnabled: false }),
    );
  }, []);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (k: string) => String(form.get(k) ?? "");
    setBusy(true);
    setError("");
    try {
      if (state?.needsBootstrap) {
        const r = await api<{ csrfToken: string }>("POST", "/auth/bootstrap", {
          adminToken: value("adminToken"),
          username: value("username"),
          displayName: value("displayName"),
          password: value("password"),
        });
        setCsrf(r.csrfToken);
        onDone("admin");
      } else {
        const r = await api<{ csrfToken: string; role: string }>("POST", "/auth/login", {
          username: value("username"),
          password: value("password"),
        });
        setCsrf(r.csrfToken);
        onDone(r.role);
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (!state) return <p className="loading">Loading…</p>;
  const setup = state.needsBootstrap;
  return (
    <main className="login" id="main">
      <h1>{setup ? "Create the first admin" : "Log in to Parley"}</h1>
      {setup && !state.bootstrapEnabled ? (
        <p role="alert">
          No admin exists yet and the relay has no PARLEY_ADMIN_TOKEN: set it and restart the relay.
        </p>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          {setup && (
            <>
              <label>
                Admin token (PARLEY_ADMIN_TOKEN)
                <input name="adminToken" type="password" required autoComplete="off" />
              </label>
              <label>
                Your name
                <input name="displayName" required maxLength={80} />
              </label>
            </>
          )}
          <label>
            Username
            <input name="username" required autoComplete="username" autoFocus />
          </label>
          <label>
            Password
            <input
              name="password"
              type="password"
              required
              autoComplete={setup ? "new-password" : "current-password"}
              minLength={setup ? 10 : undefined}
            />
          </label>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {setup ? "Create admin and log in" : "Log in"}
          </button>
        </form>
      )}
    </main>
  );
}
