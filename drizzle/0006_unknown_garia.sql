CREATE TABLE `pending_roster_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`actor_id` integer NOT NULL,
	`sealed` blob NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
