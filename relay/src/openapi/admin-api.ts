/**
 * The site owner's and support team's side of the relay: the admin API (bearer admin token),
 * the dashboard and agent console API (login cookie), the visitor's side of a warm handoff
 * (session token) and the dashboard's pages.
 */
import { z } from "@hono/zod-openapi";
import { EndHandoff, PeerMessage, WithdrawHandoff } from "@parley/protocol";
import { AgentStatusBody } from "../routes/admin-routes";
import { PatchAgent } from "../dashboard/agent-routes";
import { BootstrapBody, LoginBody } from "../dashboard/auth-routes";
import { PatchTicket } from "../dashboard/record-routes";
import { CreateUser, PatchUser } from "../dashboard/user-routes";
import { routeDoc, type RouteDoc } from "./route-doc";

const Admin = ["Admin API"];
const Dashboard = ["Dashboard API"];
const Console = ["Agent console API"];
const Handoff = ["Handoff (visitor)"];
const Pages = ["Dashboard pages"];

const json = z.record(z.string(), z.unknown());
const site = z.object({ site: z.string().optional() });
const siteAndRange = z.object({
  site: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  range: z.string().optional(),
});
const ok = (description: string) => ({ status: 200, description, schema: json });

export const adminApi: RouteDoc[] = [
  routeDoc("get", "/v1/admin/feed", {
    summary: "Feed of relay events after an id (calls, actions, escalations)",
    tags: Admin,
    security: "admin",
    query: z.object({ after: z.string().optional(), siteId: z.string().optional() }),
    ok: ok("Entries and the last id"),
    errors: [400, 401],
  }),
  routeDoc("get", "/v1/admin/sites/{siteId}/escalations", {
    summary: "A site's escalations",
    tags: Admin,
    security: "admin",
    ok: ok("Escalations, newest first"),
    errors: [401],
  }),
  routeDoc("post", "/v1/admin/escalations/{id}/accept", {
    summary: "Accept an escalation as an agent",
    tags: Admin,
    security: "admin",
    ok: ok("The escalation"),
    errors: [401, 404, 409],
  }),
  routeDoc("post", "/v1/admin/escalations/{id}/end", {
    summary: "End an escalation",
    tags: Admin,
    security: "admin",
    ok: ok("The escalation"),
    errors: [401, 404, 409],
  }),
  routeDoc("put", "/v1/admin/agents/{id}/status", {
    summary: "Set an agent available, busy or away",
    tags: Admin,
    security: "admin",
    body: AgentStatusBody,
    ok: ok("The agent"),
    errors: [400, 401, 404],
  }),
  routeDoc("get", "/v1/admin/sites/{siteId}/outbox", {
    summary: "A site's last 200 outgoing messages and their delivery",
    tags: Admin,
    security: "admin",
    ok: ok("Messages with their media links"),
    errors: [401],
  }),

  routeDoc("get", "/dashboard/api/auth/state", {
    summary: "Whether the first admin still has to be created",
    tags: Dashboard,
    ok: ok("Bootstrap state"),
  }),
  routeDoc("post", "/dashboard/api/auth/bootstrap", {
    summary: "Create the first admin (needs PARLEY_ADMIN_TOKEN)",
    tags: Dashboard,
    body: BootstrapBody,
    ok: ok("The admin, logged in"),
    errors: [400, 401, 403, 409, 429],
  }),
  routeDoc("post", "/dashboard/api/auth/login", {
    summary: "Log in (sets the login cookie)",
    tags: Dashboard,
    body: LoginBody,
    ok: ok("The user"),
    errors: [400, 401, 429],
  }),
  routeDoc("post", "/dashboard/api/auth/logout", {
    summary: "Log out",
    tags: Dashboard,
    security: "dashboard",
    ok: ok("Logged out"),
    errors: [401],
  }),
  routeDoc("get", "/dashboard/api/auth/me", {
    summary: "The logged-in user",
    tags: Dashboard,
    security: "dashboard",
    ok: ok("The user"),
    errors: [401],
  }),
  routeDoc("get", "/dashboard/api/users", {
    summary: "Dashboard users (admin)",
    tags: Dashboard,
    security: "dashboard",
    ok: ok("Users"),
    errors: [401, 403],
  }),
  routeDoc("post", "/dashboard/api/users", {
    summary: "Create a user (admin)",
    tags: Dashboard,
    security: "dashboard",
    body: CreateUser,
    ok: { status: 201, description: "The user", schema: json },
    errors: [400, 401, 403, 409],
  }),
  routeDoc("patch", "/dashboard/api/users/{id}", {
    summary: "Change a user's role, password or status (admin)",
    tags: Dashboard,
    security: "dashboard",
    body: PatchUser,
    ok: ok("The user"),
    errors: [400, 401, 403, 404],
  }),
  routeDoc("get", "/dashboard/api/live", {
    summary: "Live calls (server-sent events)",
    tags: Dashboard,
    security: "dashboard",
    query: site,
    ok: { status: 200, description: "Event stream", mediaType: "text/event-stream" },
    errors: [401, 403],
  }),
  routeDoc("get", "/dashboard/api/calls", {
    summary: "Calls started in a range",
    tags: Dashboard,
    security: "dashboard",
    query: siteAndRange,
    ok: ok("Call cards"),
    errors: [400, 401, 403],
  }),
  routeDoc("get", "/dashboard/api/calls/{id}", {
    summary: "One call with its conversation and actions",
    tags: Dashboard,
    security: "dashboard",
    ok: ok("The call"),
    errors: [401, 403, 404],
  }),
  routeDoc("get", "/dashboard/api/metrics", {
    summary: "Call metrics over a range",
    tags: Dashboard,
    security: "dashboard",
    query: siteAndRange,
    ok: ok("Metrics"),
    errors: [400, 401, 403],
  }),
  routeDoc("get", "/dashboard/api/tickets", {
    summary: "Tickets",
    tags: Dashboard,
    security: "dashboard",
    query: z.object({ site: z.string().optional(), status: z.string().optional() }),
    ok: ok("Tickets"),
    errors: [400, 401, 403],
  }),
  routeDoc("patch", "/dashboard/api/tickets/{id}", {
    summary: "Change a ticket's status, priority or notes",
    tags: Dashboard,
    security: "dashboard",
    body: PatchTicket,
    ok: ok("The ticket"),
    errors: [400, 401, 403, 404],
  }),
  routeDoc("get", "/dashboard/api/leads", {
    summary: "Leads",
    tags: Dashboard,
    security: "dashboard",
    query: z.object({ site: z.string().optional(), all: z.string().optional() }),
    ok: ok("Leads"),
    errors: [401, 403],
  }),
  routeDoc("get", "/dashboard/api/callbacks", {
    summary: "Scheduled callbacks",
    tags: Dashboard,
    security: "dashboard",
    query: site,
    ok: ok("Callbacks"),
    errors: [401, 403],
  }),
  routeDoc("post", "/dashboard/api/callbacks/{id}/done", {
    summary: "Mark a callback done",
    tags: Dashboard,
    security: "dashboard",
    ok: ok("The callback"),
    errors: [401, 403, 404],
  }),
  routeDoc("get", "/dashboard/api/outbox", {
    summary: "Outgoing messages",
    tags: Dashboard,
    security: "dashboard",
    query: site,
    ok: ok("Messages"),
    errors: [401, 403],
  }),
  routeDoc("get", "/dashboard/api/knowledge", {
    summary: "The published knowledge index and its versions",
    tags: Dashboard,
    security: "dashboard",
    query: site,
    ok: ok("Knowledge versions"),
    errors: [401, 403],
  }),
  routeDoc("get", "/dashboard/api/export/calls.csv", {
    summary: "Calls in a range as CSV",
    tags: Dashboard,
    security: "dashboard",
    query: siteAndRange,
    ok: { status: 200, description: "CSV", mediaType: "text/csv" },
    errors: [400, 401, 403],
  }),
  routeDoc("get", "/dashboard/api/export/tickets.csv", {
    summary: "Tickets as CSV",
    tags: Dashboard,
    security: "dashboard",
    query: site,
    ok: { status: 200, description: "CSV", mediaType: "text/csv" },
    errors: [401, 403],
  }),

  routeDoc("get", "/dashboard/api/agent/state", {
    summary: "The agent's status, offers and calls",
    tags: Console,
    security: "dashboard",
    ok: ok("Console state"),
    errors: [401, 403],
  }),
  routeDoc("patch", "/dashboard/api/agent/me", {
    summary: "Set the agent's own status or skills",
    tags: Console,
    security: "dashboard",
    body: PatchAgent,
    ok: ok("The agent"),
    errors: [400, 401, 403],
  }),
  routeDoc("post", "/dashboard/api/agent/escalations/{id}/accept", {
    summary: "Accept an offered escalation",
    tags: Console,
    security: "dashboard",
    ok: ok("The escalation with its handoff package"),
    errors: [401, 403, 404, 409],
  }),
  routeDoc("post", "/dashboard/api/agent/escalations/{id}/decline", {
    summary: "Decline an offered escalation",
    tags: Console,
    security: "dashboard",
    ok: ok("The escalation"),
    errors: [401, 403, 404, 409],
  }),
  routeDoc("get", "/dashboard/api/agent/escalations/{id}/messages", {
    summary: "Handoff messages from the visitor after an id",
    tags: Console,
    security: "dashboard",
    query: z.object({ after: z.string().optional() }),
    ok: ok("Messages"),
    errors: [400, 401, 403, 404],
  }),
  routeDoc("post", "/dashboard/api/agent/escalations/{id}/messages", {
    summary: "Send a handoff message (WebRTC offer/answer/candidate, chat)",
    tags: Console,
    security: "dashboard",
    body: PeerMessage,
    ok: ok("The message"),
    errors: [400, 401, 403, 404, 409],
  }),
  routeDoc("post", "/dashboard/api/agent/escalations/{id}/end", {
    summary: "End the handoff with an outcome",
    tags: Console,
    security: "dashboard",
    body: EndHandoff,
    ok: ok("The escalation"),
    errors: [400, 401, 403, 404, 409],
  }),
  routeDoc("get", "/dashboard/api/agent/stream", {
    summary: "The console's updates (server-sent events)",
    tags: Console,
    security: "dashboard",
    ok: { status: 200, description: "Event stream", mediaType: "text/event-stream" },
    errors: [401, 403],
  }),

  routeDoc("get", "/v1/handoff", {
    summary: "Long-poll the call's escalation and the agent's handoff messages",
    tags: Handoff,
    security: "session",
    query: z.object({
      after: z.string().optional(),
      waitMs: z.string().optional(),
      state: z.string().optional(),
    }),
    ok: ok("Escalation state and messages"),
    errors: [400, 401, 429],
  }),
  routeDoc("post", "/v1/handoff/messages", {
    summary: "Send a handoff message to the agent",
    tags: Handoff,
    security: "session",
    body: PeerMessage,
    ok: ok("The message"),
    errors: [400, 401, 404, 409, 413, 429],
  }),
  routeDoc("post", "/v1/handoff/withdraw", {
    summary: "Take the transfer back (back to the AI, hung up, or nobody came in time)",
    tags: Handoff,
    security: "session",
    body: WithdrawHandoff,
    ok: ok("Whether an open transfer was withdrawn"),
    errors: [400, 401, 409, 413, 429],
  }),

  routeDoc("get", "/dashboard/login", {
    summary: "The dashboard's login page",
    tags: Pages,
    ok: { status: 200, description: "HTML", mediaType: "text/html" },
  }),
  routeDoc("get", "/dashboard/assets/{path}", {
    summary: "The dashboard's static assets (hashed names, cached for a year)",
    tags: Pages,
    ok: { status: 200, description: "The asset", mediaType: "application/octet-stream" },
    errors: [404],
  }),
  routeDoc("get", "/dashboard/{path}", {
    summary: "A dashboard or console page (login required; agents reach only the console)",
    tags: Pages,
    ok: { status: 200, description: "HTML", mediaType: "text/html" },
  }),
];
