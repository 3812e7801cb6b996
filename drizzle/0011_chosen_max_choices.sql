-- The max_choices a creator asked for, apart from the one in force: a poll whose creator gave none
-- keeps the kind's default (every option, in a ranked poll) when an edit adds or removes options.
ALTER TABLE "polls" ADD COLUMN "chosen_max_choices" smallint;--> statement-breakpoint
-- Earlier polls did not record it: a ranked poll that ranks every option took the default (the
-- form reads it so too), any other poll keeps its number as chosen.
UPDATE "polls" p SET "chosen_max_choices" = p."max_choices"
WHERE NOT (p."kind" = 'ranked' AND p."max_choices" = (SELECT count(*) FROM "poll_options" o WHERE o."poll_id" = p."id"));
