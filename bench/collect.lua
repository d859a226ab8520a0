-- wrk script: collects access tokens for the introspection benchmark. Every 200 response's
-- access_token is appended to BENCH_TOKENS_FILE (run it against a node with tokens.reuse off, so
-- each one is new). Authenticates like bench/token.lua.
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "bench") .. "/?.lua"
local common = require("common")

wrk.method = "POST"
wrk.path = "/oauth/token"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = common.basic_authorization()

local out = nil

function response(status, headers, body)
  if status ~= 200 then return end
  local token = body:match('"access_token":"([^"]+)"')
  if token then
    out = out or io.open(os.getenv("BENCH_TOKENS_FILE"), "a")
    out:write(token, "\n")
  end
end

done = common.done
