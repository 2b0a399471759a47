CREATE TABLE `exam_versions` (
	`course_slug` text NOT NULL,
	`version` text NOT NULL,
	`questions` text NOT NULL,
	`pass_mark` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`course_slug`, `version`)
);
