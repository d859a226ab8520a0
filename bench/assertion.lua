-- wrk script: POST /oauth/token with private_key_jwt (RFC 7523 section 2.2), each request with a
-- client assertion of its own, read from a file of pre-made, signed assertions (one per line, each
-- with a unique jti; scripts/bench-algorithms makes them), so the server verifies a fresh signature
-- every time and never sees a replay -- unless the file runs out: then the last one repeats and the
-- replays show up as non-2xx (401).
--
--   BENCH_ASSERTIONS_FILE=assertions.txt wrk -t1 -c64 -d5s -s bench/assertion.lua URL
--
-- Use one thread (-t1): every wrk thread reads the same file and would replay the others' jti.
-- Prints the BENCH line of bench/common.lua, plus "BENCH_ASSERTIONS used=N" (requests sent).

package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "bench") .. "/?.lua"
local common = require("common")

local prefix = "grant_type=client_credentials"
  .. "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
  .. "&client_assertion="

wrk.method = "POST"
wrk.path = "/oauth/token"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

local assertions = {}
local next_index = 0

function init(args)
  for line in io.lines(os.getenv("BENCH_ASSERTIONS_FILE")) do
    if #line > 0 then assertions[#assertions + 1] = line end
  end
  if #assertions == 0 then error("no assertions in BENCH_ASSERTIONS_FILE") end
end

function request()
  next_index = next_index + 1
  local assertion = assertions[next_index] or assertions[#assertions]
  return wrk.format(nil, nil, nil, prefix .. assertion)
end

function done(summary, latency, requests)
  common.done(summary, latency, requests)
  io.write(string.format("BENCH_ASSERTIONS used=%d\n", summary.requests))
end
