-- A ranked ballot's ranking moves from one vote_choices row per rank into its own row, as option
-- positions most preferred first (as poll_rankings holds them); choice ballots keep their rows.
ALTER TABLE "votes" ADD COLUMN "ranking" smallint[];--> statement-breakpoint
UPDATE "votes" SET "ranking" = r."ranking"
FROM (
  SELECT c."vote_id", array_agg(o."position" ORDER BY c."rank") AS "ranking"
  FROM "vote_choices" c JOIN "poll_options" o ON o."id" = c."option_id"
  WHERE c."rank" IS NOT NULL
  GROUP BY c."vote_id"
) r
WHERE "votes"."id" = r."vote_id";--> statement-breakpoint
DELETE FROM "vote_choices" WHERE "rank" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "vote_choices" DROP COLUMN "rank";
