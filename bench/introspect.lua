-- wrk script: POST /oauth/introspect (RFC 7662) the way a gateway asks, client_secret_basic.
--
--   BENCH_TOKENS_FILE=tokens.txt BENCH_CLIENT_ID=... BENCH_CLIENT_SECRET=... wrk -s bench/introspect.lua URL
--
-- Sends the tokens of BENCH_TOKENS_FILE (one per line) in turn, starting over at the end; with
-- one token it measures the introspection cache, with many more tokens than the node's
-- cache.local.capacity every request needs an Ed25519 verification. Prints the BENCH line.
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "bench") .. "/?.lua"
local common = require("common")

local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS_FILE")) do
  if #line > 0 then tokens[#tokens + 1] = line end
end
assert(#tokens > 0, "no tokens in BENCH_TOKENS_FILE")

local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Authorization"] = common.basic_authorization(),
}
local next_token = 0

function setup(thread)
  thread:set("offset", math.random(#tokens))
end

function request()
  next_token = next_token + 1
  local i = ((next_token + (offset or 0)) % #tokens) + 1
  return wrk.format("POST", "/oauth/introspect", headers, "token=" .. tokens[i])
end

done = common.done
