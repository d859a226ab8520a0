-- wrk script: POST /oauth/token authenticated by the client certificate (RFC 8705): client_id in
-- the body, no secret. wrk presents the certificate through bench/wrk_client_cert.c (LD_PRELOAD).
--
--   BENCH_CLIENT_ID=mtls-client LD_PRELOAD=wrk_client_cert.so BENCH_CLIENT_CERT=c.pem BENCH_CLIENT_KEY=c.key \
--     wrk -t1 -c64 -d10s -s bench/mtls-token.lua https://...
--
-- Prints the BENCH line of common.done (see token.lua).

package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "bench") .. "/?.lua"
local common = require("common")

wrk.method = "POST"
wrk.path = "/oauth/token"
wrk.body = "grant_type=client_credentials&client_id=" .. common.urlencode(os.getenv("BENCH_CLIENT_ID") or "mtls-client")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

done = common.done
