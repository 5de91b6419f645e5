CREATE TABLE `dashboard_auth_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dashboard_auth_sessions_user` ON `dashboard_auth_sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `dashboard_users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`agent_id` text,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dashboard_users_username` ON `dashboard_users` (`username`);--> statement-breakpoint
CREATE TABLE `handoff_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`escalation_id` text NOT NULL,
	`session_id` text NOT NULL,
	`sender` text NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `handoff_messages_escalation` ON `handoff_messages` (`escalation_id`,`id`);