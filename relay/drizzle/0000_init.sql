CREATE TABLE `actions` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`session_id` text NOT NULL,
	`type` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`params` text NOT NULL,
	`status` text NOT NULL,
	`result` text,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `actions_session_key` ON `actions` (`session_id`,`idempotency_key`);--> statement-breakpoint
CREATE TABLE `agents` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`expertise` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `agents_site_status` ON `agents` (`site_id`,`status`);--> statement-breakpoint
CREATE TABLE `analytics_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`session_id` text,
	`name` text NOT NULL,
	`props` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `analytics_site_at` ON `analytics_events` (`site_id`,`at`);--> statement-breakpoint
CREATE TABLE `call_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`seq` integer NOT NULL,
	`type` text NOT NULL,
	`at` integer NOT NULL,
	`payload` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `call_events_session_seq` ON `call_events` (`session_id`,`seq`);--> statement-breakpoint
CREATE TABLE `callbacks` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`session_id` text,
	`lead_id` text,
	`phone` text NOT NULL,
	`due_at` integer NOT NULL,
	`time_iso` text NOT NULL,
	`reason` text,
	`status` text NOT NULL,
	`provider_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `callbacks_due` ON `callbacks` (`site_id`,`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `escalations` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`session_id` text NOT NULL,
	`category` text NOT NULL,
	`urgency` text,
	`reason` text NOT NULL,
	`handoff` text NOT NULL,
	`agent_id` text,
	`state` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `escalations_site_state` ON `escalations` (`site_id`,`state`,`created_at`);--> statement-breakpoint
CREATE TABLE `knowledge_blobs` (
	`sha256` text PRIMARY KEY NOT NULL,
	`bytes` integer NOT NULL,
	`content` blob NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `knowledge_files` (
	`version_id` integer NOT NULL,
	`path` text NOT NULL,
	`sha256` text NOT NULL,
	PRIMARY KEY(`version_id`, `path`)
);
--> statement-breakpoint
CREATE TABLE `knowledge_staging` (
	`site_id` text NOT NULL,
	`path` text NOT NULL,
	`sha256` text NOT NULL,
	`uploaded_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `path`)
);
--> statement-breakpoint
CREATE TABLE `knowledge_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`manifest` text NOT NULL,
	`manifest_sha256` text NOT NULL,
	`published_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `knowledge_versions_site` ON `knowledge_versions` (`site_id`,`id`);--> statement-breakpoint
CREATE TABLE `leads` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`visitor_id` text,
	`name` text,
	`company` text,
	`phone` text,
	`email` text,
	`preferred_channel` text,
	`lead_status` text NOT NULL,
	`last_contacted_at` integer,
	`next_action_time` integer,
	`pending_action` text,
	`last_issue` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `leads_site_visitor` ON `leads` (`site_id`,`visitor_id`);--> statement-breakpoint
CREATE TABLE `live_feed` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`topic` text NOT NULL,
	`entity_id` text NOT NULL,
	`data` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `live_feed_site_id` ON `live_feed` (`site_id`,`id`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`turn_id` text,
	`speaker` text NOT NULL,
	`text` text,
	`intent` text,
	`stage` text,
	`sentiment` text,
	`at` integer NOT NULL,
	`timings` text,
	`used_knowledge` integer,
	`doc_count` integer,
	`top_score` real,
	`brain` text
);
--> statement-breakpoint
CREATE INDEX `messages_session` ON `messages` (`session_id`,`at`);--> statement-breakpoint
CREATE TABLE `orders` (
	`site_id` text NOT NULL,
	`order_id` text NOT NULL,
	`data` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `order_id`)
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`action_id` text,
	`callback_id` text,
	`channel` text NOT NULL,
	`template` text NOT NULL,
	`recipient` text NOT NULL,
	`subject` text,
	`body` text,
	`text_body` text,
	`payload` text NOT NULL,
	`provider` text,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claimed_by` text,
	`claim_expires_at` integer,
	`claimed_at` integer,
	`provider_id` text,
	`provider_status` text,
	`last_error` text,
	`sent_at` integer,
	`delivered_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_action` ON `outbox` (`action_id`);--> statement-breakpoint
CREATE INDEX `outbox_provider_id` ON `outbox` (`provider_id`);--> statement-breakpoint
CREATE TABLE `rate_counters` (
	`key` text NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`key`, `window_start`)
);
--> statement-breakpoint
CREATE INDEX `rate_counters_expiry` ON `rate_counters` (`expires_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`origin` text NOT NULL,
	`mode` text,
	`ip_hash` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`duration_ms` integer,
	`status` text NOT NULL,
	`stage` text NOT NULL,
	`intent` text,
	`sentiment_trajectory` text NOT NULL,
	`resolution` text,
	`end_reason` text,
	`rating` integer,
	`turn_count` integer DEFAULT 0 NOT NULL,
	`voice_to_voice_total_ms` real DEFAULT 0 NOT NULL,
	`voice_to_voice_count` integer DEFAULT 0 NOT NULL,
	`missing_info` text NOT NULL,
	`pending_actions` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sessions_site_started` ON `sessions` (`site_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `sessions_status` ON `sessions` (`status`);--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`company` text NOT NULL,
	`config` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `support_tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`site_id` text NOT NULL,
	`session_id` text,
	`lead_id` text,
	`issue_type` text NOT NULL,
	`priority` text NOT NULL,
	`status` text NOT NULL,
	`summary` text NOT NULL,
	`resolution` text,
	`order_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_number` ON `support_tickets` (`number`);--> statement-breakpoint
CREATE INDEX `tickets_site` ON `support_tickets` (`site_id`,`created_at`);