-- wrk script: POST /oauth/token with client_secret_basic, the way a machine client asks for a token.
--
--   BENCH_CLIENT_ID=bench-client BENCH_CLIENT_SECRET=... wrk -t1 -c64 -d10s -s bench/token.lua URL
--
-- URL is the server's base (http://127.0.0.1:28081) or the full token URL.
-- Environment:
--   BENCH_CLIENT_ID       client id (default bench-client)
--   BENCH_CLIENT_SECRET   its secret (default bench-secret)
--   BENCH_SCOPE           when set, sent as scope=... in the body
--
-- At the end it prints one machine-readable line (scripts/bench parses it):
--   BENCH requests=N duration_s=S rps=R connect=N read=N write=N timeout=N non2xx=N p50_ms=X p99_ms=X max_ms=X
-- non2xx is wrk's count of responses with a status above 399 (its "Non-2xx or 3xx responses").
-- No response() hook on purpose: it makes wrk parse every response in Lua, which would slow the
-- load generator down and measure it instead of the server.

package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "bench") .. "/?.lua"
local common = require("common")

local scope = os.getenv("BENCH_SCOPE")

wrk.method = "POST"
wrk.path = "/oauth/token"
wrk.body = "grant_type=client_credentials"
if scope and scope ~= "" then
  wrk.body = wrk.body .. "&scope=" .. common.urlencode(scope)
end
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = common.basic_authorization()

done = common.done
