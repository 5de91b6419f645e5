/**
 * The relay's database. Times are epoch milliseconds (integers); JSON columns hold protocol
 * shapes. Every table a dashboard reads is here, plus `live_feed`, the change feed that lets
 * any relay process (or the dashboard's SSE stream) follow what every other process wrote.
 */
import {
  blob,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

const createdAt = () => integer("created_at").notNull();
const updatedAt = () => integer("updated_at").notNull();

export const sites = sqliteTable("sites", {
  id: text("id").primaryKey(),
  company: text("company").notNull(),
  /** The validated SiteConfig as JSON (the config file is the source of truth; this mirrors it). */
  config: text("config", { mode: "json" }).notNull(),
  updatedAt: updatedAt(),
});

export const agents = sqliteTable(
  "agents",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id").notNull(),
    name: text("name").notNull(),
    /** available | busy | away | offline */
    status: text("status").notNull(),
    expertise: text("expertise", { mode: "json" }).$type<string[]>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [index("agents_site_status").on(t.siteId, t.status)],
);

export const leads = sqliteTable(
  "leads",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id").notNull(),
    visitorId: text("visitor_id"),
    name: text("name"),
    company: text("company"),
    phone: text("phone"),
    email: text("email"),
    preferredChannel: text("preferred_channel"),
    /** new | contacted | qualified | closed */
    leadStatus: text("lead_status").notNull(),
    lastContactedAt: integer("last_contacted_at"),
    nextActionTime: integer("next_action_time"),
    pendingAction: text("pending_action"),
    lastIssue: text("last_issue"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("leads_site_visitor").on(t.siteId, t.visitorId)],
);

/** One call (a widget session). */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id").notNull(),
    leadId: text("lead_id").notNull(),
    origin: text("origin").notNull(),
    mode: text("mode"),
    /** Keyed hash of the client IP (never the IP itself). */
    ipHash: text("ip_hash").notNull(),
    startedAt: integer("started_at").notNull(),
    endedAt: integer("ended_at"),
    durationMs: integer("duration_ms"),
    status: text("status").notNull(),
    stage: text("stage").notNull(),
    intent: text("intent"),
    sentimentTrajectory: text("sentiment_trajectory", { mode: "json" }).$type<string[]>().notNull(),
    /** autonomous | escalated | abandoned (set when the call ends) */
    resolution: text("resolution"),
    endReason: text("end_reason"),
    rating: integer("rating"),
    turnCount: integer("turn_count").notNull().default(0),
    /** Sum of voice-to-voice times, for the dashboard's average response time. */
    voiceToVoiceTotalMs: real("voice_to_voice_total_ms").notNull().default(0),
    voiceToVoiceCount: integer("voice_to_voice_count").notNull().default(0),
    missingInfo: text("missing_info", { mode: "json" }).$type<string[]>().notNull(),
    pendingActions: text("pending_actions", { mode: "json" }).$type<string[]>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("sessions_site_started").on(t.siteId, t.startedAt),
    index("sessions_status").on(t.status),
  ],
);

/** Raw call events as the widget sent them; (session, seq) makes a replayed batch a no-op. */
export const callEvents = sqliteTable(
  "call_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sessionId: text("session_id").notNull(),
    seq: integer("seq").notNull(),
    type: text("type").notNull(),
    at: integer("at").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
    receivedAt: integer("received_at").notNull(),
  },
  (t) => [uniqueIndex("call_events_session_seq").on(t.sessionId, t.seq)],
);

/** The conversation log: one row per spoken line. */
export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sessionId: text("session_id").notNull(),
    turnId: text("turn_id"),
    /** visitor | agent | human_agent | system */
    speaker: text("speaker").notNull(),
    /** Null when the site turned transcript logging off. */
    text: text("text"),
    intent: text("intent"),
    stage: text("stage"),
    sentiment: text("sentiment"),
    at: integer("at").notNull(),
    timings: text("timings", { mode: "json" }),
    usedKnowledge: integer("used_knowledge", { mode: "boolean" }),
    docCount: integer("doc_count"),
    topScore: real("top_score"),
    brain: text("brain"),
  },
  (t) => [index("messages_session").on(t.sessionId, t.at)],
);

export const tickets = sqliteTable(
  "support_tickets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** "#12345": what the visitor and the agent say out loud. */
    number: text("number").notNull(),
    siteId: text("site_id").notNull(),
    sessionId: text("session_id"),
    leadId: text("lead_id"),
    issueType: text("issue_type").notNull(),
    priority: text("priority").notNull(),
    status: text("status").notNull(),
    summary: text("summary").notNull(),
    resolution: text("resolution"),
    orderId: text("order_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("tickets_number").on(t.number),
    index("tickets_site").on(t.siteId, t.createdAt),
  ],
);

export const callbacks = sqliteTable(
  "callbacks",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id").notNull(),
    sessionId: text("session_id"),
    leadId: text("lead_id"),
    phone: text("phone").notNull(),
    dueAt: integer("due_at").notNull(),
    /** The time as the visitor agreed it, ISO 8601 with the site's offset. */
    timeIso: text("time_iso").notNull(),
    reason: text("reason"),
    /** scheduled | calling | called | queued_for_agent | done | failed | cancelled */
    status: text("status").notNull(),
    providerId: text("provider_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("callbacks_due").on(t.siteId, t.status, t.dueAt)],
);

export const escalations = sqliteTable(
  "escalations",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id").notNull(),
    sessionId: text("session_id").notNull(),
    category: text("category").notNull(),
    urgency: text("urgency"),
    reason: text("reason").notNull(),
    handoff: text("handoff", { mode: "json" }).notNull(),
    agentId: text("agent_id"),
    /** assigned (agent notified) | queued (none free) | accepted | ended */
    state: text("state").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("escalations_site_state").on(t.siteId, t.state, t.createdAt)],
);

/** The demo's built-in order source (a site may instead point at its own HTTP endpoint). */
export const orders = sqliteTable(
  "orders",
  {
    siteId: text("site_id").notNull(),
    orderId: text("order_id").notNull(),
    data: text("data", { mode: "json" }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.orderId] })],
);

/** Every action a widget asked for, keyed by its idempotency key within the session. */
export const actions = sqliteTable(
  "actions",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id").notNull(),
    sessionId: text("session_id").notNull(),
    type: text("type").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** sha256 of the canonical request, so a reused key with other params is refused. */
    requestHash: text("request_hash").notNull(),
    params: text("params", { mode: "json" }).notNull(),
    status: text("status").notNull(),
    result: text("result", { mode: "json" }),
    error: text("error", { mode: "json" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("actions_session_key").on(t.sessionId, t.idempotencyKey)],
);

/**
 * Every outgoing message or call. Written in the same transaction as the action that caused
 * it; a worker claims rows atomically (status + lease), so several relay processes can share it.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id").notNull(),
    actionId: text("action_id"),
    callbackId: text("callback_id"),
    /** sms | whatsapp | email | voice */
    channel: text("channel").notNull(),
    template: text("template").notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject"),
    /** The exact text sent (SMS/WhatsApp) or the rendered HTML (email), fixed before the first attempt. */
    body: text("body"),
    textBody: text("text_body"),
    /** Template inputs (order, document link, callback time ...). */
    payload: text("payload", { mode: "json" }).notNull(),
    /** twilio | resend | dev — chosen when the row is sent. */
    provider: text("provider"),
    /** queued | sending | sent | delivered | failed | dev_outbox (stored, NOT sent) */
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    /** Not before this time (scheduled callbacks, retry backoff). */
    nextAttemptAt: integer("next_attempt_at").notNull(),
    claimedBy: text("claimed_by"),
    claimExpiresAt: integer("claim_expires_at"),
    claimedAt: integer("claimed_at"),
    providerId: text("provider_id"),
    providerStatus: text("provider_status"),
    lastError: text("last_error"),
    sentAt: integer("sent_at"),
    deliveredAt: integer("delivered_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("outbox_due").on(t.status, t.nextAttemptAt),
    index("outbox_action").on(t.actionId),
    index("outbox_provider_id").on(t.providerId),
  ],
);

/** Fixed-window counters for rate limits and daily caps, shared by every relay process. */
export const rateCounters = sqliteTable(
  "rate_counters",
  {
    key: text("key").notNull(),
    windowStart: integer("window_start").notNull(),
    count: integer("count").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.key, t.windowStart] }),
    index("rate_counters_expiry").on(t.expiresAt),
  ],
);

/** Content-addressed files of uploaded knowledge indexes. */
export const knowledgeBlobs = sqliteTable("knowledge_blobs", {
  sha256: text("sha256").primaryKey(),
  bytes: integer("bytes").notNull(),
  content: blob("content", { mode: "buffer" }).notNull(),
  createdAt: createdAt(),
});

/** Files uploaded for a site but not yet published by a manifest. */
export const knowledgeStaging = sqliteTable(
  "knowledge_staging",
  {
    siteId: text("site_id").notNull(),
    path: text("path").notNull(),
    sha256: text("sha256").notNull(),
    uploadedAt: integer("uploaded_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.path] })],
);

export const knowledgeVersions = sqliteTable(
  "knowledge_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    siteId: text("site_id").notNull(),
    manifest: text("manifest", { mode: "json" }).notNull(),
    manifestSha256: text("manifest_sha256").notNull(),
    publishedAt: integer("published_at").notNull(),
  },
  (t) => [index("knowledge_versions_site").on(t.siteId, t.id)],
);

export const knowledgeFiles = sqliteTable(
  "knowledge_files",
  {
    versionId: integer("version_id").notNull(),
    path: text("path").notNull(),
    sha256: text("sha256").notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.path] })],
);

/** The brief's "Log Analytics" lines (complaint type, resolution time, autonomous ...). */
export const analyticsEvents = sqliteTable(
  "analytics_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    siteId: text("site_id").notNull(),
    sessionId: text("session_id"),
    name: text("name").notNull(),
    props: text("props", { mode: "json" }).notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("analytics_site_at").on(t.siteId, t.at)],
);

/**
 * The change feed. Every write a live view cares about appends a row here in the same
 * transaction. Ids only grow (AUTOINCREMENT, and SQLite commits one writer at a time), so a
 * reader in any process tails it with `WHERE id > :lastSeen ORDER BY id`.
 */
export const liveFeed = sqliteTable(
  "live_feed",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    siteId: text("site_id").notNull(),
    /** e.g. session.updated, action.updated, outbox.updated, escalation.created */
    topic: text("topic").notNull(),
    entityId: text("entity_id").notNull(),
    data: text("data", { mode: "json" }).notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("live_feed_site_id").on(t.siteId, t.id)],
);
