-- wrk script for pollcast's benchmarks (bench/lib/wrk.ts runs it).
--
-- Votes: every request is a NEW voter (its own X-Forwarded-For address, trusted from loopback),
-- rotating over the polls and options listed in BENCH_POLLS, so each 200 is one new row.
-- BENCH_BALLOT says what a ballot holds: "choice" (default) one option, "ranked" a ranking of 1 to 5
-- options drawn from the voter's number (thousands of distinct rankings, as in a real election),
-- "text" one answer, every other one a repeat of 20 common answers and the rest all distinct.
-- BENCH_MAX_REQUESTS, when set, stops offering load after that many requests.
-- Hello: with BENCH_GET_PATH set it sends plain GETs instead, the same way.
--
-- Load is offered for BENCH_LOAD_MS only; after that delay() parks every connection, and once
-- every request sent has its answer the thread prints BENCH_DRAINED, on which the bench stops
-- wrk with SIGINT (wrk still reports). No request is cut off in flight, so the 200s counted
-- here are exactly the votes the server acknowledged.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local threads = {}
local next_index = 0

function setup(thread)
  thread:set("thread_index", next_index)
  next_index = next_index + 1
  table.insert(threads, thread)
end

-- Per-thread state (each wrk thread has its own Lua state).
local polls = {}
local get_path = os.getenv("BENCH_GET_PATH")
local ip_base = tonumber(os.getenv("BENCH_IP_BASE") or "0")
local load_ms = tonumber(os.getenv("BENCH_LOAD_MS") or "0")
local ballot = os.getenv("BENCH_BALLOT") or "choice"
local max_requests = tonumber(os.getenv("BENCH_MAX_REQUESTS") or "0")
local stop_at = 0
sent = 0
answered = 0
running = false
drained = false
statuses = {}
started_ms = 0
last_sent_ms = 0

function init(args)
  if not get_path then
    for line in io.lines(os.getenv("BENCH_POLLS")) do
      local ids = {}
      for id in line:gmatch("%S+") do table.insert(ids, id) end
      local poll = table.remove(ids, 1)
      table.insert(polls, { path = "/api/polls/" .. poll .. "/vote", options = ids })
    end
  end
  started_ms = now_ms()
  stop_at = started_ms + load_ms
end

function delay()
  -- wrk calls request() once before the run to inspect it; counting starts with the real ones.
  if not running then
    running = true
    sent = 0
  end
  if now_ms() < stop_at and (max_requests == 0 or sent < max_requests) then return 0 end
  if not drained and answered == sent then
    drained = true
    io.write("BENCH_DRAINED\n")
    io.flush()
  end
  return 3600000
end

local function voter_address(n)
  return string.format("%d.%d.%d.%d", math.floor(n / 16777216) % 256, math.floor(n / 65536) % 256,
    math.floor(n / 256) % 256, n % 256)
end

-- Up to 5 different options of the poll, in an order drawn from n: the same n, the same ranking.
local function ranking_of(options, n)
  local left, picked = {}, {}
  for i, id in ipairs(options) do left[i] = id end
  local h = (n * 2654435761) % 4294967296
  local length = 1 + h % math.min(#left, 5)
  for _ = 1, length do
    h = (h * 1103515245 + 12345) % 2147483648
    table.insert(picked, '"' .. table.remove(left, 1 + math.floor(h / 65536) % #left) .. '"')
  end
  return table.concat(picked, ",")
end

local function body_for(poll, n)
  if ballot == "ranked" then return '{"ranking":[' .. ranking_of(poll.options, n) .. ']}' end
  if ballot == "text" then
    local answer = (n % 2 == 0) and ("common answer " .. (n / 2) % 20) or ("answer " .. thread_index .. "-" .. n)
    return '{"answers":["' .. answer .. '"]}'
  end
  local option = poll.options[(math.floor(n / #polls) % #poll.options) + 1]
  return '{"option_id":"' .. option .. '"}'
end

function request()
  sent = sent + 1
  last_sent_ms = now_ms()
  if get_path then return wrk.format("GET", get_path) end
  local poll = polls[(sent % #polls) + 1]
  -- 2^22 distinct voters per thread; thread_index keeps threads apart.
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-Forwarded-For"] = voter_address(ip_base + thread_index * 4194304 + sent),
  }
  return wrk.format("POST", poll.path, headers, body_for(poll, sent))
end

function response(status)
  answered = answered + 1
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency)
  local merged, first, last, unanswered = {}, nil, 0, 0
  for _, thread in ipairs(threads) do
    unanswered = unanswered + thread:get("sent") - thread:get("answered")
    for status, count in pairs(thread:get("statuses")) do
      merged[status] = (merged[status] or 0) + count
    end
    local s = thread:get("started_ms")
    if not first or s < first then first = s end
    last = math.max(last, thread:get("last_sent_ms"))
  end
  local parts = {}
  for status, count in pairs(merged) do table.insert(parts, string.format('"%d":%d', status, count)) end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"completed":%d,"unanswered":%d,"statuses":{%s},"offered_ms":%.1f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, unanswered, table.concat(parts, ","), last - first,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
