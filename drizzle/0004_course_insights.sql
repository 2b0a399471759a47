DROP INDEX `attempts_course_idx`;--> statement-breakpoint
CREATE INDEX `attempts_course_idx` ON `exam_attempts` (`course_slug`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `completions_course_lesson_idx` ON `lesson_completions` (`course_slug`,`lesson_slug`);