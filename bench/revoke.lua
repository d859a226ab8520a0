-- wrk script: POST /oauth/revoke, each request with the next token issued by
-- bench/issue-tokens.lua (thread k of n takes every n-th token of all files), so that every
-- request revokes a live token until they run out; then it counts the ones answered with a
-- token already revoked. Prints `REVOKE fresh=N` per thread at the end.
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or "bench") .. "/?.lua"
local common = require("common")

local counter = 0
local threads = {}
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local tokens = {}
local next_index = 1
fresh = 0

function init(args)
  local all = {}
  local dir = os.getenv("BENCH_TOKEN_DIR") or "."
  local pipe = io.popen('cat "' .. dir .. '"/tokens-*.txt')
  for line in pipe:lines() do all[#all + 1] = line end
  pipe:close()
  local n = tonumber(os.getenv("BENCH_THREADS") or "2")
  for i = id, #all, n do tokens[#tokens + 1] = all[i] end
end

wrk.method = "POST"
wrk.path = "/oauth/revoke"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = common.basic_authorization()

function request()
  local token = tokens[next_index] or tokens[1] or "none"
  if next_index <= #tokens then fresh = fresh + 1 end
  next_index = next_index + 1
  return wrk.format(nil, nil, nil, "token=" .. token)
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + (thread:get("fresh") or 0) end
  io.write(string.format("REVOKE fresh=%d seconds=%.2f per_second=%.0f requests=%d non2xx=%d\n",
    total, summary.duration / 1e6, total / (summary.duration / 1e6), summary.requests,
    summary.errors.status))
end
