ALTER TABLE "learner_courses" ADD COLUMN "township_id" integer;--> statement-breakpoint
-- The learners' townships for the rows recorded so far (staff and trainers trying a course keep null).
UPDATE "learner_courses" SET "township_id" = "users"."township_id" FROM "users" WHERE "users"."id" = "learner_courses"."user_id" AND "users"."role" = 'learner' AND "users"."township_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "learner_courses" ADD CONSTRAINT "learner_courses_township_id_townships_id_fk" FOREIGN KEY ("township_id") REFERENCES "public"."townships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "learner_courses_township_idx" ON "learner_courses" USING btree ("township_id","course_slug","lessons_done","attempts","passed_attempts","best_score");--> statement-breakpoint
-- Every row changed and an index is new: the planner's statistics are made again.
ANALYZE "learner_courses";
