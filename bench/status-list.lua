-- wrk script: GET the URL given (a Status List Token, GET /oauth/status/<list id>, or the same
-- bytes as a static file from nginx), the way a resource server refreshes its copy.
--
--   wrk -t1 -c64 -d10s -s bench/status-list.lua http://127.0.0.1:28086/oauth/status/<list id>
--
-- No request() or response() hook: wrk sends its one prepared request. Prints the BENCH line of
-- bench/common.lua.
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "bench") .. "/?.lua"
local common = require("common")

wrk.method = "GET"

done = common.done
