import { useEffect, useState } from "react";
import { api, setCsrf, type Me } from "./api";
import { linkClick, navigate, usePath } from "./router";
import { LoginPage } from "./pages/Login";
import { LivePage } from "./pages/Live";
import { CallPage } from "./pages/Call";
import { MetricsPage } from "./pages/Metrics";
import { TicketsPage } from "./pages/Tickets";
import { LeadsPage } from "./pages/Leads";
import { CallbacksPage } from "./pages/Callbacks";
import { OutboxPage } from "./pages/Outbox";
import { KnowledgePage } from "./pages/Knowledge";
import { UsersPage } from "./pages/Users";
import { ConsolePage } from "./pages/Console";

export interface PageProps {
  me: Me;
  site: Me["sites"][number];
}

const ADMIN_NAV: [string, string][] = [
  ["/dashboard/live", "Live calls"],
  ["/dashboard/metrics", "Metrics"],
  ["/dashboard/calls", "Call history"],
  ["/dashboard/tickets", "Tickets"],
  ["/dashboard/leads", "Leads"],
  ["/dashboard/callbacks", "Callbacks"],
  ["/dashboard/outbox", "Outbox"],
  ["/dashboard/knowledge", "Knowledge"],
  ["/dashboard/users", "Accounts"],
];

export function App() {
  const path = usePath();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [siteId, setSiteId] = useState<string>("");

  useEffect(() => {
    if (path.startsWith("/dashboard/login")) return;
    api<Me>("GET", "/auth/me")
      .then((m) => {
        setCsrf(m.csrfToken);
        setMe(m);
        setSiteId((s) => s || m.sites[0]?.id || "");
      })
      .catch(() => setMe(null));
  }, [path]);

  if (path.startsWith("/dashboard/login")) {
    return (
      <LoginPage
        onDone={(role) =>
          navigate(
            new URLSearchParams(location.search).get("next") ??
              (role === "admin" ? "/dashboard/live" : "/dashboard/console"),
          )
        }
      />
    );
  }
  if (me === undefined) return <p className="loading">Loading…</p>;
  if (me === null) {
    navigate(`/dashboard/login?next=${encodeURIComponent(path)}`);
    return null;
  }
  const site = me.sites.find((s) => s.id === siteId) ?? me.sites[0];
  if (!site) return <p>This relay serves no site.</p>;
  const isAdmin = me.user.role === "admin";
  const nav: [string, string][] = [
    ...(isAdmin ? ADMIN_NAV : []),
    ...(me.user.agentId ? ([["/dashboard/console", "Agent console"]] as [string, string][]) : []),
  ];
  const adminOnly = !path.startsWith("/dashboard/console");

  let page: React.ReactNode;
  const props = { me, site };
  if (adminOnly && !isAdmin) page = <Forbidden />;
  else if (path.startsWith("/dashboard/live")) page = <LivePage {...props} />;
  else if (path.startsWith("/dashboard/calls/"))
    page = <CallPage {...props} id={decodeURIComponent(path.slice("/dashboard/calls/".length))} />;
  else if (path.startsWith("/dashboard/calls")) page = <LivePage {...props} history />;
  else if (path.startsWith("/dashboard/metrics")) page = <MetricsPage {...props} />;
  else if (path.startsWith("/dashboard/tickets")) page = <TicketsPage {...props} />;
  else if (path.startsWith("/dashboard/leads")) page = <LeadsPage {...props} />;
  else if (path.startsWith("/dashboard/callbacks")) page = <CallbacksPage {...props} />;
  else if (path.startsWith("/dashboard/outbox")) page = <OutboxPage {...props} />;
  else if (path.startsWith("/dashboard/knowledge")) page = <KnowledgePage {...props} />;
  else if (path.startsWith("/dashboard/users")) page = <UsersPage {...props} />;
  else if (path.startsWith("/dashboard/console"))
    page = me.user.agentId ? (
      <ConsolePage {...props} />
    ) : (
      <p>This account is not linked to an agent.</p>
    );
  else page = <p>Not found.</p>;

  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <strong className="brand">Parley</strong>
        {me.sites.length > 1 ? (
          <label>
            Site{" "}
            <select value={site.id} onChange={(e) => setSiteId(e.target.value)}>
              {me.sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.company}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span>{site.company}</span>
        )}
        <span className="tz" title="All times are shown in the site's timezone">
          {site.timezone}
        </span>
        <span className="who">
          {me.user.displayName} ({me.user.role})
        </span>
        <button
          type="button"
          onClick={() =>
            void api("POST", "/auth/logout").finally(() =>
              window.location.assign("/dashboard/login"),
            )
          }
        >
          Log out
        </button>
      </header>
      <nav aria-label="Dashboard">
        <ul>
          {nav.map(([href, label]) => (
            <li key={href}>
              <a
                href={href}
                onClick={linkClick}
                aria-current={path.startsWith(href) ? "page" : undefined}
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </div>
  );
}

function Forbidden() {
  return (
    <section>
      <h1>Not allowed</h1>
      <p>This page is for administrators. Your account can use the agent console.</p>
      <a href="/dashboard/console" onClick={linkClick}>
        Go to the agent console
      </a>
    </section>
  );
}
