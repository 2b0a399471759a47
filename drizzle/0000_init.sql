CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`township_id` integer NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`township_id`) REFERENCES `townships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_township_idx` ON `api_tokens` (`township_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`township_id` integer,
	`detail` text,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`township_id`) REFERENCES `townships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_township_at_idx` ON `audit_log` (`township_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_actor_idx` ON `audit_log` (`actor_id`);--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`user_id` integer NOT NULL,
	`course_slug` text NOT NULL,
	`course_title` text NOT NULL,
	`content_version` text NOT NULL,
	`score` real NOT NULL,
	`township_id` integer NOT NULL,
	`attempt_id` text,
	`credential` text,
	`issued_at` integer NOT NULL,
	`revoked_at` integer,
	`revoked_reason` text,
	`revoked_by` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`township_id`) REFERENCES `townships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attempt_id`) REFERENCES `exam_attempts`(`event_id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_number_unique` ON `certificates` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_user_course_uq` ON `certificates` (`user_id`,`course_slug`);--> statement-breakpoint
CREATE INDEX `certificates_township_issued_idx` ON `certificates` (`township_id`,`issued_at`);--> statement-breakpoint
CREATE TABLE `counties` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `counties_code_unique` ON `counties` (`code`);--> statement-breakpoint
CREATE TABLE `enrolment_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`village_id` integer NOT NULL,
	`created_by` integer,
	`expires_at` integer NOT NULL,
	`max_uses` integer NOT NULL,
	`uses` integer DEFAULT 0 NOT NULL,
	`revoked_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrolment_codes_code_unique` ON `enrolment_codes` (`code`);--> statement-breakpoint
CREATE INDEX `enrolment_codes_village_idx` ON `enrolment_codes` (`village_id`);--> statement-breakpoint
CREATE TABLE `exam_attempts` (
	`event_id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`course_slug` text NOT NULL,
	`content_version` text NOT NULL,
	`seed` integer NOT NULL,
	`answers` text NOT NULL,
	`score` real NOT NULL,
	`passed` integer NOT NULL,
	`review` text NOT NULL,
	`started_at` integer,
	`submitted_at` integer NOT NULL,
	`graded_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `learning_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attempts_user_course_idx` ON `exam_attempts` (`user_id`,`course_slug`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `attempts_course_idx` ON `exam_attempts` (`course_slug`);--> statement-breakpoint
CREATE TABLE `households` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`village_id` integer NOT NULL,
	`code` text NOT NULL,
	`head_name` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `households_code_unique` ON `households` (`code`);--> statement-breakpoint
CREATE INDEX `households_village_idx` ON `households` (`village_id`);--> statement-breakpoint
CREATE TABLE `learning_events` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`course_slug` text NOT NULL,
	`lesson_slug` text,
	`content_version` text NOT NULL,
	`payload` text,
	`client_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_user_course_idx` ON `learning_events` (`user_id`,`course_slug`,`kind`);--> statement-breakpoint
CREATE TABLE `lesson_completions` (
	`user_id` integer NOT NULL,
	`course_slug` text NOT NULL,
	`lesson_slug` text NOT NULL,
	`event_id` text NOT NULL,
	`content_version` text NOT NULL,
	`completed_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `learning_events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `completions_user_lesson_uq` ON `lesson_completions` (`user_id`,`course_slug`,`lesson_slug`);--> statement-breakpoint
CREATE INDEX `completions_course_idx` ON `lesson_completions` (`course_slug`,`completed_at`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`blocked_until` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`user_agent` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `townships` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`county_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`county_id`) REFERENCES `counties`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `townships_code_unique` ON `townships` (`code`);--> statement-breakpoint
CREATE INDEX `townships_county_idx` ON `townships` (`county_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`username` text NOT NULL,
	`phone` text,
	`id_number` text,
	`household_id` integer,
	`township_id` integer,
	`password_hash` text,
	`must_change_password` integer DEFAULT false NOT NULL,
	`disabled_at` integer,
	`locale` text DEFAULT 'zh-CN' NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`township_id`) REFERENCES `townships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_phone_unique` ON `users` (`phone`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_id_number_unique` ON `users` (`id_number`);--> statement-breakpoint
CREATE INDEX `users_household_idx` ON `users` (`household_id`);--> statement-breakpoint
CREATE INDEX `users_township_idx` ON `users` (`township_id`);--> statement-breakpoint
CREATE INDEX `users_role_idx` ON `users` (`role`);--> statement-breakpoint
CREATE TABLE `villages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`township_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`township_id`) REFERENCES `townships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `villages_code_unique` ON `villages` (`code`);--> statement-breakpoint
CREATE INDEX `villages_township_idx` ON `villages` (`township_id`);