/**
 * Tables of the dashboard and the agent console (issue 8), kept apart from the relay's own
 * schema.ts so the two can grow independently. drizzle.config.ts lists both files; one
 * migration folder (relay/drizzle) holds the SQL for both. Times are epoch milliseconds.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** A person who logs into the dashboard: an admin, or a human agent tied to an `agents` row. */
export const dashboardUsers = sqliteTable(
  "dashboard_users",
  {
    id: text("id").primaryKey(),
    /** Login name, stored lower-case. */
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    /** admin | agent */
    role: text("role").notNull(),
    /** bcrypt hash (bcryptjs); never the password. */
    passwordHash: text("password_hash").notNull(),
    /** The `agents` row this person answers escalations as (agents; optional for admins). */
    agentId: text("agent_id"),
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("dashboard_users_username").on(t.username)],
);

/**
 * A login. The cookie carries a random token; only its sha256 is stored, so a database leak does
 * not hand out live sessions. `csrfToken` must come back in a header on every state change.
 */
export const dashboardAuthSessions = sqliteTable(
  "dashboard_auth_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id").notNull(),
    csrfToken: text("csrf_token").notNull(),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("dashboard_auth_sessions_user").on(t.userId)],
);

/**
 * Everything exchanged during a warm handoff, in order: WebRTC signalling (offer, answer, ICE
 * candidates), text chat and control messages. Both sides tail it by id, so the visitor and the
 * agent may be connected to different relay processes sharing this database.
 */
export const handoffMessages = sqliteTable(
  "handoff_messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    escalationId: text("escalation_id").notNull(),
    sessionId: text("session_id").notNull(),
    /** visitor | agent | system */
    sender: text("sender").notNull(),
    /** offer | answer | candidate | chat | connecting | accepted | rtc_unavailable | rtc_connected | ended */
    kind: text("kind").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("handoff_messages_escalation").on(t.escalationId, t.id)],
);
