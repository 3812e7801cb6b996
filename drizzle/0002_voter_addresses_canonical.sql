-- Voters are now compared in one form (src/domain/voter.ts, voterKey): an IPv4 address written
-- as IPv4-mapped IPv6 is that IPv4 address, and an IPv6 voter is its /64 network. Votes stored
-- before that keep their rows; for each poll, the first vote of each voter so named is rewritten
-- to the new form (unless one already has it), so a later vote from the same voter meets it in
-- the unique constraint. Votes already counted are never removed, and counters stay as they are.
WITH keyed AS (
  SELECT id, poll_id, voted_at,
    CASE WHEN voter_ip << '::ffff:0.0.0.0/96'::inet
      THEN '0.0.0.0'::inet + (voter_ip - '::ffff:0.0.0.0'::inet)
      ELSE network(set_masklen(voter_ip, 64))::inet
    END AS voter_key
  FROM votes
  WHERE family(voter_ip) = 6 AND masklen(voter_ip) = 128
),
ranked AS (
  SELECT keyed.*, row_number() OVER (PARTITION BY poll_id, voter_key ORDER BY voted_at, id) AS nth FROM keyed
)
UPDATE votes v SET voter_ip = r.voter_key
FROM ranked r
WHERE v.id = r.id AND r.nth = 1
  AND NOT EXISTS (SELECT 1 FROM votes o WHERE o.poll_id = r.poll_id AND o.voter_ip = r.voter_key);
