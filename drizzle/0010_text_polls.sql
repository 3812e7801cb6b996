-- Open-text polls (issue 27): each ballot's answers, a count per group of answers and per spelling,
-- which the vote batch writes with the ballots, and the profanity filter's setting. A text ballot
-- chooses no option, so votes.option_id may be null.
CREATE TABLE "poll_answer_groups" (
	"poll_id" uuid NOT NULL,
	"group_key" text NOT NULL,
	"ballots" integer NOT NULL,
	"text" text NOT NULL,
	"text_ballots" integer NOT NULL,
	"first_seq" bigint NOT NULL,
	"first_place" integer NOT NULL,
	"flagged_seq" bigint,
	"verdict" varchar(4),
	CONSTRAINT "poll_answer_groups_poll_id_group_key_pk" PRIMARY KEY("poll_id","group_key")
);
--> statement-breakpoint
CREATE TABLE "poll_answer_spellings" (
	"poll_id" uuid NOT NULL,
	"group_key" text NOT NULL,
	"spelling" text NOT NULL,
	"ballots" integer NOT NULL,
	CONSTRAINT "poll_answer_spellings_poll_id_group_key_spelling_pk" PRIMARY KEY("poll_id","group_key","spelling")
);
--> statement-breakpoint
CREATE TABLE "vote_answers" (
	"vote_id" uuid NOT NULL,
	"poll_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"answer" text NOT NULL,
	"group_key" text NOT NULL,
	CONSTRAINT "vote_answers_vote_id_position_pk" PRIMARY KEY("vote_id","position")
);
--> statement-breakpoint
ALTER TABLE "votes" ALTER COLUMN "option_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "polls" ADD COLUMN "filter_profanity" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "poll_answer_groups" ADD CONSTRAINT "poll_answer_groups_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_answer_spellings" ADD CONSTRAINT "poll_answer_spellings_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_answers" ADD CONSTRAINT "vote_answers_vote_id_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."votes"("id") ON DELETE cascade ON UPDATE no action;