CREATE TABLE `follow_up_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`learner_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`township_id` integer NOT NULL,
	`contacted_on` text NOT NULL,
	`note` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`learner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`township_id`) REFERENCES `townships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `follow_up_learner_idx` ON `follow_up_notes` (`learner_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `follow_up_township_idx` ON `follow_up_notes` (`township_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `interest_events` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`opportunity_id` integer NOT NULL,
	`interested` integer NOT NULL,
	`client_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `learner_goals` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`lessons_per_week` integer NOT NULL,
	`set_at` integer NOT NULL,
	`event_id` text NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `learner_settings` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`show_as_star` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `opportunities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`township_id` integer,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`place` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text,
	`expires_on` text NOT NULL,
	`contact_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_by` integer,
	`updated_at` integer,
	`closed_at` integer,
	`closed_by` integer,
	FOREIGN KEY (`township_id`) REFERENCES `townships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `opportunities_township_expires_idx` ON `opportunities` (`township_id`,`expires_on`);--> statement-breakpoint
CREATE TABLE `opportunity_courses` (
	`opportunity_id` integer NOT NULL,
	`course_slug` text NOT NULL,
	PRIMARY KEY(`opportunity_id`, `course_slug`),
	FOREIGN KEY (`opportunity_id`) REFERENCES `opportunities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `opportunity_interest` (
	`opportunity_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`interested` integer NOT NULL,
	`event_id` text NOT NULL,
	`changed_at` integer NOT NULL,
	PRIMARY KEY(`opportunity_id`, `user_id`),
	FOREIGN KEY (`opportunity_id`) REFERENCES `opportunities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `opportunity_interest_user_idx` ON `opportunity_interest` (`user_id`);--> statement-breakpoint
CREATE TABLE `pending_roster_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`actor_id` integer NOT NULL,
	`sealed` blob NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
