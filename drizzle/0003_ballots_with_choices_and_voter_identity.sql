CREATE TABLE "vote_choices" (
	"vote_id" uuid NOT NULL,
	"poll_id" uuid NOT NULL,
	"option_id" uuid NOT NULL,
	CONSTRAINT "vote_choices_vote_id_option_id_pk" PRIMARY KEY("vote_id","option_id")
);
--> statement-breakpoint
ALTER TABLE "votes" DROP CONSTRAINT "votes_poll_id_voter_ip_key";--> statement-breakpoint
DROP INDEX "idx_votes_poll_ip";--> statement-breakpoint
ALTER TABLE "polls" ADD COLUMN "voter_identity" varchar(16) DEFAULT 'address' NOT NULL;--> statement-breakpoint
ALTER TABLE "polls" ADD COLUMN "max_choices" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "vote_choices" ADD CONSTRAINT "vote_choices_vote_id_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."votes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "votes_poll_id_voter_ip_key" ON "votes" USING btree ("poll_id","voter_ip") WHERE "votes"."voter_session" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "votes_poll_id_voter_session_key" ON "votes" USING btree ("poll_id","voter_session") WHERE "votes"."voter_session" is not null;--> statement-breakpoint
-- Every existing vote is a one-option ballot counted per address: its choice is its option.
INSERT INTO "vote_choices" ("vote_id", "poll_id", "option_id") SELECT "id", "poll_id", "option_id" FROM "votes";--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_voter_identity_check" CHECK ("voter_identity" IN ('address', 'browser'));--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_max_choices_check" CHECK ("max_choices" >= 1);
