-- Ranked polls (issue 26): a poll's kind, each ranked choice's rank, and one count per distinct
-- ranking, which the vote batch writes with the ballots and instant runoff reads.
CREATE TABLE "poll_rankings" (
	"poll_id" uuid NOT NULL,
	"ranking" smallint[] NOT NULL,
	"ballots" integer NOT NULL,
	CONSTRAINT "poll_rankings_poll_id_ranking_pk" PRIMARY KEY("poll_id","ranking")
);
--> statement-breakpoint
ALTER TABLE "polls" ADD COLUMN "kind" varchar(16) DEFAULT 'choice' NOT NULL;--> statement-breakpoint
ALTER TABLE "vote_choices" ADD COLUMN "rank" smallint;--> statement-breakpoint
ALTER TABLE "poll_rankings" ADD CONSTRAINT "poll_rankings_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;
