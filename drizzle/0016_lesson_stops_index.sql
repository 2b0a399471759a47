DROP INDEX `completions_course_lesson_idx`;--> statement-breakpoint
CREATE INDEX `completions_course_lesson_idx` ON `lesson_completions` (`course_slug`,`lesson_slug`,`user_id`,`completed_at`);