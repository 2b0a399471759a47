CREATE TABLE `learner_ratings` (
	`user_id` integer NOT NULL,
	`course_slug` text NOT NULL,
	`lesson_slug` text DEFAULT '' NOT NULL,
	`face` text NOT NULL,
	`comment` text,
	`event_id` text NOT NULL,
	`rated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `course_slug`, `lesson_slug`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `learner_ratings_course_idx` ON `learner_ratings` (`course_slug`,`lesson_slug`,`face`);--> statement-breakpoint
CREATE INDEX `learner_ratings_course_at_idx` ON `learner_ratings` (`course_slug`,`rated_at`);--> statement-breakpoint
CREATE TABLE `lesson_not_understood` (
	`user_id` integer NOT NULL,
	`course_slug` text NOT NULL,
	`lesson_slug` text NOT NULL,
	`event_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `course_slug`, `lesson_slug`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lesson_not_understood_course_idx` ON `lesson_not_understood` (`course_slug`,`lesson_slug`);