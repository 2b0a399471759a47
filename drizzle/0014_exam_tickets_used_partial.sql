DROP INDEX `exam_tickets_used_by_uq`;--> statement-breakpoint
CREATE UNIQUE INDEX `exam_tickets_used_by_uq` ON `exam_tickets` (`used_by`) WHERE "exam_tickets"."used_by" is not null;