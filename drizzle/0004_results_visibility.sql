ALTER TABLE "polls" ADD COLUMN "results_visibility" varchar(16) DEFAULT 'always' NOT NULL;--> statement-breakpoint
-- Existing polls keep showing their results to everyone (the default); the check keeps out anything else.
ALTER TABLE "polls" ADD CONSTRAINT "polls_results_visibility_check" CHECK ("results_visibility" IN ('always', 'after_vote', 'after_close', 'creator'));
