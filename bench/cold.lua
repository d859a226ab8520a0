-- wrk script: every request names another client (client_secret_post), for the cold-lookup run of
-- scripts/bench-tiers. Clients are BENCH_COLD_PREFIX .. n for n in BENCH_COLD_FIRST ..
-- BENCH_COLD_FIRST + BENCH_COLD_COUNT - 1, dealt round-robin over wrk's threads and connections,
-- so the first BENCH_COLD_COUNT requests all miss the local tier; all share BENCH_CLIENT_SECRET.
-- Prints the BENCH line of bench/common.lua.
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "bench") .. "/?.lua"
local common = require("common")

local prefix = os.getenv("BENCH_COLD_PREFIX") or "cold-"
local first = tonumber(os.getenv("BENCH_COLD_FIRST") or "1")
local count = tonumber(os.getenv("BENCH_COLD_COUNT") or "1000")
local secret = common.urlencode(os.getenv("BENCH_CLIENT_SECRET") or "bench-secret")

local threads = 0
function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

local next_offset, stride = 0, 1
function init(args)
  next_offset = index
  stride = tonumber(os.getenv("BENCH_THREADS") or "1")
end

wrk.method = "POST"
wrk.path = "/oauth/token"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

function request()
  local n = first + (next_offset % count)
  next_offset = next_offset + stride
  return wrk.format(nil, nil, nil,
    "grant_type=client_credentials&client_id=" .. prefix .. n .. "&client_secret=" .. secret)
end

done = common.done
