-- wrk script: issues tokens (run with tokens.reuse: false) and appends each access token to
-- $BENCH_TOKEN_DIR/tokens-<thread>.txt, one per line, for bench/revoke.lua.
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "bench") .. "/?.lua"
local common = require("common")

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

wrk.method = "POST"
wrk.path = "/oauth/token"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = common.basic_authorization()

local file
function init(args)
  file = io.open((os.getenv("BENCH_TOKEN_DIR") or ".") .. "/tokens-" .. id .. ".txt", "a")
end

function response(status, headers, body)
  local token = body:match('"access_token":"([^"]+)"')
  if token then file:write(token, "\n") end
end
