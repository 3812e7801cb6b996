DROP INDEX "idx_polls_open_newest";--> statement-breakpoint
DROP INDEX "idx_polls_open_category_newest";--> statement-breakpoint
-- Polls made before this were public in the lists, as their creators expected: they stay listed.
-- New polls are unlisted unless asked (reached by link and code only).
ALTER TABLE "polls" ADD COLUMN "listed" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "polls" ALTER COLUMN "listed" SET DEFAULT false;--> statement-breakpoint
CREATE INDEX "idx_polls_open_newest" ON "polls" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"expires_at") WHERE "polls"."is_active" and "polls"."listed";--> statement-breakpoint
CREATE INDEX "idx_polls_open_category_newest" ON "polls" USING btree (lower("category"),"created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"expires_at","category") WHERE "polls"."is_active" and "polls"."listed";