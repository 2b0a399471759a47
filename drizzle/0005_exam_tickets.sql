CREATE TABLE `exam_tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`course_slug` text NOT NULL,
	`content_version` text NOT NULL,
	`seed` integer NOT NULL,
	`question_ids` text NOT NULL,
	`issued_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_by` text,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `exam_tickets_user_course_issued_idx` ON `exam_tickets` (`user_id`,`course_slug`,`issued_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `exam_tickets_used_by_uq` ON `exam_tickets` (`used_by`);--> statement-breakpoint
ALTER TABLE `exam_attempts` ADD `ticket_id` text REFERENCES exam_tickets(id);--> statement-breakpoint
ALTER TABLE `exam_versions` ADD `draw_count` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `sign_in_code_expires_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `sign_in_code_used_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `awaiting_approval` integer DEFAULT false NOT NULL;