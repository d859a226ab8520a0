-- wrk script: POST /oauth/token with client_secret_basic, the way a machine client asks for a token.
--
--   BENCH_CLIENT_ID=bench-client BENCH_CLIENT_SECRET=... wrk -t1 -c64 -d10s -s bench/token.lua URL
--
-- URL is the server's base (http://127.0.0.1:58081) or the full token URL.
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

local function urlencode(s)
  -- application/x-www-form-urlencoded, as RFC 6749 section 2.3.1 asks before base64.
  return (s:gsub("[^%w%-%._~]", function(c)
    if c == " " then return "+" end
    return string.format("%%%02X", string.byte(c))
  end))
end

local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

local function base64(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = string.byte(s, i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local c1 = math.floor(n / 262144) % 64
    local c2 = math.floor(n / 4096) % 64
    local c3 = math.floor(n / 64) % 64
    local c4 = n % 64
    out[#out + 1] = alphabet:sub(c1 + 1, c1 + 1) .. alphabet:sub(c2 + 1, c2 + 1)
      .. (b and alphabet:sub(c3 + 1, c3 + 1) or "=")
      .. (c and alphabet:sub(c4 + 1, c4 + 1) or "=")
  end
  return table.concat(out)
end

local id = os.getenv("BENCH_CLIENT_ID") or "bench-client"
local secret = os.getenv("BENCH_CLIENT_SECRET") or "bench-secret"
local scope = os.getenv("BENCH_SCOPE")

wrk.method = "POST"
wrk.path = "/oauth/token"
wrk.body = "grant_type=client_credentials"
if scope and scope ~= "" then
  wrk.body = wrk.body .. "&scope=" .. urlencode(scope)
end
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. base64(urlencode(id) .. ":" .. urlencode(secret))

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_s=%.3f rps=%.1f connect=%d read=%d write=%d timeout=%d non2xx=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
    summary.requests, seconds, summary.requests / seconds,
    e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
