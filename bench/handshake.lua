-- wrk script: the token request of bench/token.lua on a new connection every time
-- (`Connection: close`), so over HTTPS each request pays a TLS handshake. wrk offers the session
-- of the connection before, so these handshakes are resumptions by ticket when the server renews
-- tickets (scripts/bench-tls measures full handshakes with openssl s_time -new).
--
--   wrk -t1 -c16 -d5s -s bench/handshake.lua https://127.0.0.1:28083

package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "bench") .. "/?.lua"
local common = require("common")

wrk.method = "POST"
wrk.path = "/oauth/token"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = common.basic_authorization()
wrk.headers["Connection"] = "close"

done = common.done
