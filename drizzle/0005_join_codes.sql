-- Join codes: six characters from an alphabet without look-alikes (no 0/O, 1/I/L), in capitals.
-- 31 characters to the sixth power: about 887 million codes. Volatile, so every row gets its own.
CREATE FUNCTION "pollcast_join_code"() RETURNS varchar(6) LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + floor(random() * 31)::int, 1), '')::varchar(6)
  FROM generate_series(1, 6)
$$;--> statement-breakpoint
ALTER TABLE "polls" ADD COLUMN "code" varchar(6);--> statement-breakpoint
CREATE UNIQUE INDEX "polls_code_key" ON "polls" USING btree ("code");--> statement-breakpoint
-- Existing polls get a code each; a code already taken is drawn again.
DO $$
DECLARE
  poll record;
BEGIN
  FOR poll IN SELECT id FROM "polls" WHERE "code" IS NULL LOOP
    LOOP
      BEGIN
        UPDATE "polls" SET "code" = "pollcast_join_code"() WHERE id = poll.id;
        EXIT;
      EXCEPTION WHEN unique_violation THEN
        -- drawn again
      END;
    END LOOP;
  END LOOP;
END
$$;--> statement-breakpoint
ALTER TABLE "polls" ALTER COLUMN "code" SET DEFAULT "pollcast_join_code"();--> statement-breakpoint
ALTER TABLE "polls" ALTER COLUMN "code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_code_check" CHECK ("code" ~ '^[2-9A-HJKMNP-Z]{6}$');
