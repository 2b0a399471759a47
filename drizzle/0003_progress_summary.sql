CREATE TABLE `learner_courses` (
	`user_id` integer NOT NULL,
	`course_slug` text NOT NULL,
	`lessons_done` integer DEFAULT 0 NOT NULL,
	`last_lesson_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`passed_attempts` integer DEFAULT 0 NOT NULL,
	`best_score` real,
	`last_attempt_at` integer,
	PRIMARY KEY(`user_id`, `course_slug`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `learner_courses_course_idx` ON `learner_courses` (`course_slug`,`lessons_done`,`attempts`,`passed_attempts`,`best_score`,`user_id`);--> statement-breakpoint
CREATE INDEX `learner_courses_failing_idx` ON `learner_courses` (`user_id`,`course_slug`) WHERE "learner_courses"."passed_attempts" = 0 and "learner_courses"."attempts" >= 2;--> statement-breakpoint
DROP INDEX `certificates_township_issued_idx`;--> statement-breakpoint
DROP INDEX `certificates_issued_idx`;--> statement-breakpoint
CREATE INDEX `certificates_user_valid_idx` ON `certificates` (`user_id`,`revoked_at`);--> statement-breakpoint
CREATE INDEX `certificates_township_issued_idx` ON `certificates` (`township_id`,`issued_at`,`revoked_at`);--> statement-breakpoint
CREATE INDEX `certificates_issued_idx` ON `certificates` (`issued_at`,`revoked_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `last_active_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `valid_certificates` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `users_role_township_active_idx` ON `users` (`role`,`township_id`,`last_active_at`);--> statement-breakpoint
CREATE INDEX `users_role_active_idx` ON `users` (`role`,`last_active_at`);--> statement-breakpoint
CREATE INDEX `users_role_township_household_idx` ON `users` (`role`,`township_id`,`household_id`,`last_active_at`,`valid_certificates`);
--> statement-breakpoint
-- Fill the summary from what is recorded so far (the same statements as rebuildLearnerCourses in the app).
INSERT INTO `learner_courses` (`user_id`, `course_slug`, `lessons_done`, `last_lesson_at`, `attempts`, `passed_attempts`, `best_score`, `last_attempt_at`)
SELECT `user_id`, `course_slug`, sum(`lessons`), max(`last_lesson`), sum(`tries`), sum(`passes`), max(`best`), max(`last_try`) FROM (
	SELECT `user_id`, `course_slug`, count(*) AS `lessons`, max(`completed_at`) AS `last_lesson`, 0 AS `tries`, 0 AS `passes`, NULL AS `best`, NULL AS `last_try`
	FROM `lesson_completions` GROUP BY `user_id`, `course_slug`
	UNION ALL
	SELECT `user_id`, `course_slug`, 0, NULL, count(*), sum(`passed`), max(`score`), max(`submitted_at`)
	FROM `exam_attempts` GROUP BY `user_id`, `course_slug`
) GROUP BY `user_id`, `course_slug`;
--> statement-breakpoint
UPDATE `users` SET `last_active_at` = (SELECT max(`client_at`) FROM `learning_events` WHERE `learning_events`.`user_id` = `users`.`id`),
	`valid_certificates` = (SELECT count(*) FROM `certificates` WHERE `certificates`.`user_id` = `users`.`id` AND `certificates`.`revoked_at` IS NULL);
