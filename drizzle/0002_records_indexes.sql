CREATE INDEX `certificates_issued_idx` ON `certificates` (`issued_at`);--> statement-breakpoint
CREATE INDEX `attempts_user_course_score_idx` ON `exam_attempts` (`user_id`,`course_slug`,`passed`,`score`);--> statement-breakpoint
CREATE INDEX `events_user_client_at_idx` ON `learning_events` (`user_id`,`client_at`);--> statement-breakpoint
CREATE INDEX `completions_user_course_at_idx` ON `lesson_completions` (`user_id`,`course_slug`,`completed_at`);