-- Each option's count moves into its poll's row (polls.option_counts, element position + 1), so a
-- vote batch updates one row per poll instead of one more per chosen option, and locks no option.
-- Options are written once, with their poll, and go only with it: the ballot's first option needs
-- no foreign key (its check would lock the option row on every vote).
ALTER TABLE "votes" DROP CONSTRAINT "votes_option_id_poll_options_id_fk";--> statement-breakpoint
ALTER TABLE "polls" ADD COLUMN "option_counts" integer[] DEFAULT '{}'::integer[] NOT NULL;--> statement-breakpoint
-- Positions run 0, 1, 2 … in every poll (as polls are created), so position + 1 finds the count.
UPDATE "poll_options" o SET "position" = r.n - 1
FROM (SELECT id, row_number() OVER (PARTITION BY poll_id ORDER BY position, id) AS n FROM "poll_options") r
WHERE o.id = r.id AND o.position <> r.n - 1;--> statement-breakpoint
UPDATE "polls" p SET "option_counts" = c.counts
FROM (SELECT poll_id, array_agg(vote_count ORDER BY position) AS counts FROM "poll_options" GROUP BY poll_id) c
WHERE p.id = c.poll_id;--> statement-breakpoint
ALTER TABLE "poll_options" DROP COLUMN "vote_count";
