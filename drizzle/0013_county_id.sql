ALTER TABLE `certificates` ADD `county_id` integer;--> statement-breakpoint
ALTER TABLE `exam_attempts` ADD `county_id` integer;--> statement-breakpoint
ALTER TABLE `exam_tickets` ADD `county_id` integer;--> statement-breakpoint
ALTER TABLE `follow_up_notes` ADD `county_id` integer;--> statement-breakpoint
ALTER TABLE `households` ADD `county_id` integer REFERENCES counties(id);--> statement-breakpoint
ALTER TABLE `interest_events` ADD `county_id` integer;--> statement-breakpoint
ALTER TABLE `learner_courses` ADD `county_id` integer;--> statement-breakpoint
ALTER TABLE `learner_goals` ADD `county_id` integer;--> statement-breakpoint
ALTER TABLE `learner_ratings` ADD `county_id` integer;--> statement-breakpoint
ALTER TABLE `learner_settings` ADD `county_id` integer;--> statement-breakpoint
ALTER TABLE `learning_events` ADD `county_id` integer;--> statement-breakpoint
ALTER TABLE `lesson_completions` ADD `county_id` integer;--> statement-breakpoint
ALTER TABLE `lesson_not_understood` ADD `county_id` integer;--> statement-breakpoint
ALTER TABLE `opportunity_interest` ADD `county_id` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `county_id` integer REFERENCES counties(id);--> statement-breakpoint
-- The rows written before this migration take their owner's county (issue 17): people and households from their
-- township (staff's included; trainers and admins have none and keep null), then every learner-owned row from its
-- owner's row. No index on the new column: nothing reads by it yet, and each would cost every sync insert.
UPDATE `users` SET `county_id` = (SELECT `county_id` FROM `townships` WHERE `townships`.`id` = `users`.`township_id`) WHERE `township_id` IS NOT NULL;--> statement-breakpoint
UPDATE `households` SET `county_id` = (SELECT `townships`.`county_id` FROM `villages` JOIN `townships` ON `townships`.`id` = `villages`.`township_id` WHERE `villages`.`id` = `households`.`village_id`);--> statement-breakpoint
UPDATE `learning_events` SET `county_id` = (SELECT `county_id` FROM `users` WHERE `users`.`id` = `learning_events`.`user_id`);--> statement-breakpoint
UPDATE `lesson_completions` SET `county_id` = (SELECT `county_id` FROM `users` WHERE `users`.`id` = `lesson_completions`.`user_id`);--> statement-breakpoint
UPDATE `exam_tickets` SET `county_id` = (SELECT `county_id` FROM `users` WHERE `users`.`id` = `exam_tickets`.`user_id`);--> statement-breakpoint
UPDATE `exam_attempts` SET `county_id` = (SELECT `county_id` FROM `users` WHERE `users`.`id` = `exam_attempts`.`user_id`);--> statement-breakpoint
UPDATE `learner_courses` SET `county_id` = (SELECT `county_id` FROM `users` WHERE `users`.`id` = `learner_courses`.`user_id`);--> statement-breakpoint
UPDATE `certificates` SET `county_id` = (SELECT `county_id` FROM `users` WHERE `users`.`id` = `certificates`.`user_id`);--> statement-breakpoint
UPDATE `learner_goals` SET `county_id` = (SELECT `county_id` FROM `users` WHERE `users`.`id` = `learner_goals`.`user_id`);--> statement-breakpoint
UPDATE `learner_settings` SET `county_id` = (SELECT `county_id` FROM `users` WHERE `users`.`id` = `learner_settings`.`user_id`);--> statement-breakpoint
UPDATE `learner_ratings` SET `county_id` = (SELECT `county_id` FROM `users` WHERE `users`.`id` = `learner_ratings`.`user_id`);--> statement-breakpoint
UPDATE `lesson_not_understood` SET `county_id` = (SELECT `county_id` FROM `users` WHERE `users`.`id` = `lesson_not_understood`.`user_id`);--> statement-breakpoint
UPDATE `opportunity_interest` SET `county_id` = (SELECT `county_id` FROM `users` WHERE `users`.`id` = `opportunity_interest`.`user_id`);--> statement-breakpoint
UPDATE `interest_events` SET `county_id` = (SELECT `county_id` FROM `users` WHERE `users`.`id` = `interest_events`.`user_id`);--> statement-breakpoint
UPDATE `follow_up_notes` SET `county_id` = (SELECT `county_id` FROM `users` WHERE `users`.`id` = `follow_up_notes`.`learner_id`);
