import { defineScript, type CommandParser, type RedisArgument } from 'redis';

/**
 * Every Lua script pollcast runs, in one place: node-redis needs them all when the connection is
 * created, and then sends each by its SHA1 (EVALSHA), sending the source again only when Redis
 * answers NOSCRIPT (after a restart or a SCRIPT FLUSH). Call them as `client.<name>(keys, args)`,
 * in the order given above each script; every argument travels as a string.
 */

function luaScript<Raw, Reply>(source: string, transformReply: (reply: Raw) => Reply) {
  return defineScript({
    SCRIPT: source,
    parseCommand(parser: CommandParser, keys: RedisArgument[], args: (string | number)[]) {
      parser.pushKeysLength(keys);
      for (const arg of args) parser.push(String(arg));
    },
    transformReply,
  });
}

const asIs = (reply: number) => reply;

/**
 * Lua shared by the rate-limit scripts: counts one hit in a fixed window of `limit` hits and
 * answers the hits so far and the ms left, which only a refused hit needs (0 below the limit, so
 * an allowed hit costs Redis one command). The first hit starts the window; a key left without
 * an expiry (it should not happen) gets one at its first refusal, so nobody is locked out for good.
 */
const WINDOW_HIT = `
local function hit(key, window, limit)
  local hits = redis.call('INCR', key)
  if hits == 1 then
    redis.call('PEXPIRE', key, window)
    return hits, tonumber(window)
  end
  if hits <= tonumber(limit) then return hits, 0 end
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, window)
    ttl = tonumber(window)
  end
  return hits, ttl
end
`;

/**
 * Lua shared by the scripts that write a poll's counts: KEYS[k] its counts hash, whose n options
 * are ARGV[a + 1] … ARGV[a + 2n] as (option id, count) pairs. An older state is dropped unless a
 * field went missing (then any committed state is better). One write for the whole state, then
 * its expiry: 1 if written.
 */
const SET_COUNTS = `
local function setCounts(k, n, seq, ttl, total, a)
  local stored = tonumber(redis.call('HGET', KEYS[k], 'seq'))
  if stored and stored >= tonumber(seq) and redis.call('HLEN', KEYS[k]) == n + 2 then return 0 end
  redis.call('HSET', KEYS[k], 'seq', seq, 'total', total, unpack(ARGV, a + 1, a + 2 * n))
  redis.call('PEXPIRE', KEYS[k], ttl)
  return 1
end
`;

/**
 * Lua shared by the scripts that score trending votes (KEYS[1] the board, KEYS[2] its epoch): the
 * age of now against the epoch in half-lives, by Redis's clock, or nil while the board is cold.
 * Once the epoch is `renormaliseAfter` half-lives old, every score is scaled down by whole
 * half-lives, scores below `pruneBelow` are dropped and the epoch moves forward.
 */
const TRENDING_AGE = `
local function trendingAge(halfLife, renormaliseAfter, pruneBelow)
  local epoch = tonumber(redis.call('GET', KEYS[2]))
  if not epoch then return nil end
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  local age = (now - epoch) / halfLife
  if age > renormaliseAfter then
    local shift = math.floor(age)
    redis.call('ZUNIONSTORE', KEYS[1], 1, KEYS[1], 'WEIGHTS', string.format('%.17g', 2 ^ -shift))
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. pruneBelow)
    redis.call('SET', KEYS[2], string.format('%.0f', epoch + shift * halfLife))
    age = age - shift
  end
  return age
end
`;

export const scripts = {
  // KEYS: the bucket's window. ARGV: window ms, limit. One hit, in one round trip (WINDOW_HIT).
  rateLimitHit: luaScript(
    `
${WINDOW_HIT}
local hits, ttl = hit(KEYS[1], ARGV[1], ARGV[2])
return {hits, ttl}
`,
    ([hits, ttlMs]: [number, number]) => ({ hits, ttlMs }),
  ),

  // KEYS: the bucket's window. The hits it holds and the ms it has left (0 0 without a window), counting none.
  rateLimitCheck: luaScript(
    `
local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
if hits == 0 then return {0, 0} end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then ttl = 0 end
return {hits, ttl}
`,
    ([hits, ttlMs]: [number, number]) => ({ hits, ttlMs }),
  ),

  // KEYS: per vote, the voter's window, the address's window (any key when not counted), the poll's voters set.
  // ARGV: the voter window's ms, the address window's ms, the voter limit, the address limit,
  //       then per vote: 1 if the address is counted, the voter key.
  // WINDOW_HIT for each window, and SISMEMBER, for every vote of a turn in one call.
  // Answers five numbers per vote: voter hits and ms left, address hits and ms left (0 0 when not
  // counted), 1 if the voters set holds the voter.
  voteGate: luaScript(
    `
${WINDOW_HIT}
local out = {}
for q = 0, #KEYS / 3 - 1 do
  local hits, ttl = hit(KEYS[q * 3 + 1], ARGV[1], ARGV[3])
  out[#out + 1] = hits
  out[#out + 1] = ttl
  if ARGV[q * 2 + 5] == '1' then
    hits, ttl = hit(KEYS[q * 3 + 2], ARGV[2], ARGV[4])
  else
    hits, ttl = 0, 0
  end
  out[#out + 1] = hits
  out[#out + 1] = ttl
  out[#out + 1] = redis.call('SISMEMBER', KEYS[q * 3 + 3], ARGV[q * 2 + 6])
end
return out
`,
    (reply: number[]) => reply,
  ),

  // KEYS: the counts hash. ARGV: seq, ttl ms, total, then per option its id and count. (SET_COUNTS)
  setPollCounts: luaScript(
    `
${SET_COUNTS}
return setCounts(1, (#ARGV - 3) / 2, ARGV[1], ARGV[2], ARGV[3], 3)
`,
    asIs,
  ),

  // KEYS: board, epoch, then per poll: counts hash, voters set.
  // ARGV: counts' ttl ms, voters' ttl ms, half-life ms, renormalise after (half-lives), prune below,
  //       then per poll: poll id, votes added, seq, total, option count n, n (option id, count) pairs,
  //       voter count m, m voter keys.
  // What one committed vote batch tells Redis, for all its polls in one call: per poll the rule of
  // setPollCounts, the voters added to its set (then its expiry refreshed), and its trending score
  // raised by the rule of recordTrending (one clock reading and at most one renormalisation per call).
  recordCommits: luaScript(
    `
${TRENDING_AGE}
${SET_COUNTS}
local countsTtl, votersTtl = ARGV[1], ARGV[2]
local age = trendingAge(tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5])
local k, a = 3, 6
while a <= #ARGV do
  local pollId, added, seq, total, n = ARGV[a], tonumber(ARGV[a + 1]), ARGV[a + 2], ARGV[a + 3], tonumber(ARGV[a + 4])
  setCounts(k, n, seq, countsTtl, total, a + 4)
  local m = tonumber(ARGV[a + 5 + 2 * n])
  if m > 0 then
    redis.call('SADD', KEYS[k + 1], unpack(ARGV, a + 6 + 2 * n, a + 5 + 2 * n + m))
    redis.call('PEXPIRE', KEYS[k + 1], votersTtl)
  end
  if age and added > 0 then
    redis.call('ZINCRBY', KEYS[1], string.format('%.17g', added * 2 ^ age), pollId)
  end
  k = k + 2
  a = a + 6 + 2 * n + m
end
return 1
`,
    asIs,
  ),

  // KEYS: the poll's viewers hash. ARGV: instance id, its viewers of the poll, how long the report holds (ms).
  // Writes (or, at 0, withdraws) this instance's report and sums the reports still in time, dropping
  // the rest. Deadlines are Redis's clock, so instances with skewed clocks agree on who is gone.
  exchangeViewers: luaScript(
    `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local hold = tonumber(ARGV[3])
if tonumber(ARGV[2]) > 0 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. string.format('%.0f', now + hold))
  redis.call('PEXPIRE', KEYS[1], hold)
else
  redis.call('HDEL', KEYS[1], ARGV[1])
end
local total = 0
local reports = redis.call('HGETALL', KEYS[1])
for i = 1, #reports, 2 do
  local count, deadline = string.match(reports[i + 1], '^(%d+) (%d+)$')
  if count and tonumber(deadline) >= now then
    total = total + tonumber(count)
  else
    redis.call('HDEL', KEYS[1], reports[i])
  end
end
return total
`,
    asIs,
  ),

  // KEYS: board, epoch. ARGV: half-life ms, renormalise after (half-lives), prune below, poll id, votes.
  // Timed by Redis's clock, so instances with skewed clocks still agree; a board without its epoch is cold.
  recordTrending: luaScript(
    `
${TRENDING_AGE}
local age = trendingAge(tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3])
if not age then return 0 end
redis.call('ZINCRBY', KEYS[1], string.format('%.17g', tonumber(ARGV[5]) * 2 ^ age), ARGV[4])
return 1
`,
    asIs,
  ),

  // KEYS: board, epoch. ARGV: epoch, then poll id and score pairs. Only an absent board is filled.
  fillTrending: luaScript(
    `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('DEL', KEYS[1])
for i = 2, #ARGV, 2 do redis.call('ZADD', KEYS[1], ARGV[i + 1], ARGV[i]) end
redis.call('SET', KEYS[2], ARGV[1])
return 1
`,
    asIs,
  ),
};
