ALTER TABLE `learner_courses` ADD `township_id` integer REFERENCES townships(id);--> statement-breakpoint
-- The learners' townships for the rows recorded so far (staff and trainers trying a course keep null).
UPDATE `learner_courses` SET `township_id` = (SELECT `township_id` FROM `users` WHERE `users`.`id` = `learner_courses`.`user_id` AND `users`.`role` = 'learner');--> statement-breakpoint
CREATE INDEX `learner_courses_township_idx` ON `learner_courses` (`township_id`,`course_slug`,`lessons_done`,`attempts`,`passed_attempts`,`best_score`);
