CREATE TABLE `learner_goals` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`lessons_per_week` integer NOT NULL,
	`set_at` integer NOT NULL,
	`event_id` text NOT NULL,
	`received_at` integer NOT NULL,
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
