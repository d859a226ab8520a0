-- wrk script: POST /oauth/token with client_secret_basic and a DPoP proof (RFC 9449) of its own
-- on every request, read from a file of pre-made, signed proofs (one per line, each with a
-- unique jti, htm POST, htu the token endpoint; scripts/bench-lifecycle makes them), so the
-- server verifies a fresh proof every time and never sees a replay -- unless the file runs out:
-- then the last one repeats and the replays show up as non-2xx (400 invalid_dpop_proof).
--
--   BENCH_DPOP_FILE=proofs.txt BENCH_CLIENT_ID=... BENCH_CLIENT_SECRET=... \
--     wrk -t1 -c64 -d10s -s bench/dpop.lua URL
--
-- Use one thread (-t1): every wrk thread reads the same file and would replay the others' jti.
-- Prints the BENCH line of bench/common.lua, plus "BENCH_DPOP proofs=N" (proofs in the file).

package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "bench") .. "/?.lua"
local common = require("common")

wrk.method = "POST"
wrk.path = "/oauth/token"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = common.basic_authorization()

local proofs = {}
local next_index = 0

local function load()
  local list = {}
  for line in io.lines(os.getenv("BENCH_DPOP_FILE")) do
    if #line > 0 then list[#list + 1] = line end
  end
  if #list == 0 then error("no proofs in BENCH_DPOP_FILE") end
  return list
end

function init(args)
  proofs = load()
end

function request()
  next_index = next_index + 1
  wrk.headers["DPoP"] = proofs[next_index] or proofs[#proofs]
  return wrk.format()
end

function done(summary, latency, requests)
  common.done(summary, latency, requests)
  local count = 0
  for _ in io.lines(os.getenv("BENCH_DPOP_FILE")) do count = count + 1 end
  io.write(string.format("BENCH_DPOP proofs=%d\n", count))
end
