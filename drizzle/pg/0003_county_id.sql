ALTER TABLE "certificates" ADD COLUMN "county_id" integer;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD COLUMN "county_id" integer;--> statement-breakpoint
ALTER TABLE "exam_tickets" ADD COLUMN "county_id" integer;--> statement-breakpoint
ALTER TABLE "follow_up_notes" ADD COLUMN "county_id" integer;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "county_id" integer;--> statement-breakpoint
ALTER TABLE "interest_events" ADD COLUMN "county_id" integer;--> statement-breakpoint
ALTER TABLE "learner_courses" ADD COLUMN "county_id" integer;--> statement-breakpoint
ALTER TABLE "learner_goals" ADD COLUMN "county_id" integer;--> statement-breakpoint
ALTER TABLE "learner_ratings" ADD COLUMN "county_id" integer;--> statement-breakpoint
ALTER TABLE "learner_settings" ADD COLUMN "county_id" integer;--> statement-breakpoint
ALTER TABLE "learning_events" ADD COLUMN "county_id" integer;--> statement-breakpoint
ALTER TABLE "lesson_completions" ADD COLUMN "county_id" integer;--> statement-breakpoint
ALTER TABLE "lesson_not_understood" ADD COLUMN "county_id" integer;--> statement-breakpoint
ALTER TABLE "opportunity_interest" ADD COLUMN "county_id" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "county_id" integer;--> statement-breakpoint
-- The rows written before this migration take their owner's county (issue 17): people and households from their
-- township (staff's included; trainers and admins have none and keep null), then every learner-owned row from its
-- owner's row; before the foreign keys, so each is checked once over the filled table. No index on the new column:
-- nothing reads by it yet, and each would cost every sync insert.
UPDATE "users" SET "county_id" = "townships"."county_id" FROM "townships" WHERE "townships"."id" = "users"."township_id";--> statement-breakpoint
UPDATE "households" SET "county_id" = "townships"."county_id" FROM "villages", "townships" WHERE "villages"."id" = "households"."village_id" AND "townships"."id" = "villages"."township_id";--> statement-breakpoint
UPDATE "learning_events" SET "county_id" = "users"."county_id" FROM "users" WHERE "users"."id" = "learning_events"."user_id" AND "users"."county_id" IS NOT NULL;--> statement-breakpoint
UPDATE "lesson_completions" SET "county_id" = "users"."county_id" FROM "users" WHERE "users"."id" = "lesson_completions"."user_id" AND "users"."county_id" IS NOT NULL;--> statement-breakpoint
UPDATE "exam_tickets" SET "county_id" = "users"."county_id" FROM "users" WHERE "users"."id" = "exam_tickets"."user_id" AND "users"."county_id" IS NOT NULL;--> statement-breakpoint
UPDATE "exam_attempts" SET "county_id" = "users"."county_id" FROM "users" WHERE "users"."id" = "exam_attempts"."user_id" AND "users"."county_id" IS NOT NULL;--> statement-breakpoint
UPDATE "learner_courses" SET "county_id" = "users"."county_id" FROM "users" WHERE "users"."id" = "learner_courses"."user_id" AND "users"."county_id" IS NOT NULL;--> statement-breakpoint
UPDATE "certificates" SET "county_id" = "users"."county_id" FROM "users" WHERE "users"."id" = "certificates"."user_id" AND "users"."county_id" IS NOT NULL;--> statement-breakpoint
UPDATE "learner_goals" SET "county_id" = "users"."county_id" FROM "users" WHERE "users"."id" = "learner_goals"."user_id" AND "users"."county_id" IS NOT NULL;--> statement-breakpoint
UPDATE "learner_settings" SET "county_id" = "users"."county_id" FROM "users" WHERE "users"."id" = "learner_settings"."user_id" AND "users"."county_id" IS NOT NULL;--> statement-breakpoint
UPDATE "learner_ratings" SET "county_id" = "users"."county_id" FROM "users" WHERE "users"."id" = "learner_ratings"."user_id" AND "users"."county_id" IS NOT NULL;--> statement-breakpoint
UPDATE "lesson_not_understood" SET "county_id" = "users"."county_id" FROM "users" WHERE "users"."id" = "lesson_not_understood"."user_id" AND "users"."county_id" IS NOT NULL;--> statement-breakpoint
UPDATE "opportunity_interest" SET "county_id" = "users"."county_id" FROM "users" WHERE "users"."id" = "opportunity_interest"."user_id" AND "users"."county_id" IS NOT NULL;--> statement-breakpoint
UPDATE "interest_events" SET "county_id" = "users"."county_id" FROM "users" WHERE "users"."id" = "interest_events"."user_id" AND "users"."county_id" IS NOT NULL;--> statement-breakpoint
UPDATE "follow_up_notes" SET "county_id" = "users"."county_id" FROM "users" WHERE "users"."id" = "follow_up_notes"."learner_id" AND "users"."county_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Every row of these tables changed: the planner's statistics are made again. (The old row versions are left to
-- autovacuum; on a large database run VACUUM on these tables after the migration, see docs/operations.md.)
ANALYZE "users", "households", "learning_events", "lesson_completions", "exam_tickets", "exam_attempts", "learner_courses", "certificates", "learner_goals", "learner_settings", "learner_ratings", "lesson_not_understood", "opportunity_interest", "interest_events", "follow_up_notes";
