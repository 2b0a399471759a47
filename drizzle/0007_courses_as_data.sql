CREATE TABLE `content_generation` (
	`id` integer PRIMARY KEY NOT NULL,
	`generation` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `course_blobs` (
	`sha256` text PRIMARY KEY NOT NULL,
	`size` integer NOT NULL,
	`data` blob NOT NULL
);
--> statement-breakpoint
CREATE TABLE `course_files` (
	`version_id` integer NOT NULL,
	`name` text NOT NULL,
	`sha256` text NOT NULL,
	PRIMARY KEY(`version_id`, `name`),
	FOREIGN KEY (`version_id`) REFERENCES `course_versions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sha256`) REFERENCES `course_blobs`(`sha256`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `course_files_sha_idx` ON `course_files` (`sha256`);--> statement-breakpoint
CREATE TABLE `course_pages` (
	`version_id` integer NOT NULL,
	`file` text NOT NULL,
	`html` text NOT NULL,
	PRIMARY KEY(`version_id`, `file`),
	FOREIGN KEY (`version_id`) REFERENCES `course_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `course_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_slug` text NOT NULL,
	`number` integer NOT NULL,
	`folder` text NOT NULL,
	`status` text NOT NULL,
	`content_version` text,
	`revision` integer DEFAULT 1 NOT NULL,
	`based_on` integer,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	`published_at` integer,
	`published_by` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `course_versions_number_idx` ON `course_versions` (`course_slug`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `course_versions_one_draft_idx` ON `course_versions` (`course_slug`) WHERE status = 'draft';--> statement-breakpoint
CREATE UNIQUE INDEX `course_versions_one_live_idx` ON `course_versions` (`course_slug`) WHERE status = 'published';