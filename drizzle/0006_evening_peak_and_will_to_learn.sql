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
CREATE TABLE `pending_roster_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`actor_id` integer NOT NULL,
	`sealed` blob NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
