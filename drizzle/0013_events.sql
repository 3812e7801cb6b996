-- Events (issue 29): several questions (polls) under one join code, one admin token, and the
-- question the audience sees now.
CREATE TABLE "event_questions" (
	"poll_id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"position" smallint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" varchar(255) NOT NULL,
	"code" varchar(6) DEFAULT pollcast_join_code() NOT NULL,
	"admin_token_hash" text NOT NULL,
	"creator_ip" "inet",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"current_poll_id" uuid,
	"ended" boolean DEFAULT false NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "event_questions" ADD CONSTRAINT "event_questions_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_questions" ADD CONSTRAINT "event_questions_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_current_poll_id_polls_id_fk" FOREIGN KEY ("current_poll_id") REFERENCES "public"."polls"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_event_questions_event_id" ON "event_questions" USING btree ("event_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "events_code_key" ON "events" USING btree ("code");--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_code_check" CHECK ("code" ~ '^[2-9A-HJKMNP-Z]{6}$');--> statement-breakpoint
-- One code names one thing: a poll's code is no event's and the other way round. Both tables draw
-- from pollcast_join_code() and each has its unique index; this trigger checks the other table,
-- under one of 256 locks chosen by the code, so two transactions that drew the same code for a poll
-- and an event meet here, and a bulk insert takes at most 256 locks, not one per row. It raises the unique violation of the table's own index, which the inserts retry.
CREATE FUNCTION "pollcast_code_is_free"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7160433, hashtext(NEW."code") & 255);
  IF TG_TABLE_NAME = 'polls' AND EXISTS (SELECT 1 FROM "events" WHERE "code" = NEW."code") THEN
    RAISE EXCEPTION 'join code % is an event''s', NEW."code" USING ERRCODE = 'unique_violation', CONSTRAINT = 'polls_code_key';
  END IF;
  IF TG_TABLE_NAME = 'events' AND EXISTS (SELECT 1 FROM "polls" WHERE "code" = NEW."code") THEN
    RAISE EXCEPTION 'join code % is a poll''s', NEW."code" USING ERRCODE = 'unique_violation', CONSTRAINT = 'events_code_key';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "polls_code_is_free" BEFORE INSERT OR UPDATE OF "code" ON "polls"
  FOR EACH ROW EXECUTE FUNCTION "pollcast_code_is_free"();--> statement-breakpoint
CREATE TRIGGER "events_code_is_free" BEFORE INSERT OR UPDATE OF "code" ON "events"
  FOR EACH ROW EXECUTE FUNCTION "pollcast_code_is_free"();
