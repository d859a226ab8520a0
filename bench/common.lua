-- Shared by the wrk scripts in bench/: client authentication (RFC 6749 section 2.3.1) and the
-- machine-readable BENCH summary line that scripts/bench parses.
local M = {}

function M.urlencode(s)
  -- application/x-www-form-urlencoded, as RFC 6749 section 2.3.1 asks before base64.
  return (s:gsub("[^%w%-%._~]", function(c)
    if c == " " then return "+" end
    return string.format("%%%02X", string.byte(c))
  end))
end

local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

function M.base64(s)
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

function M.basic_authorization()
  local id = os.getenv("BENCH_CLIENT_ID") or "bench-client"
  local secret = os.getenv("BENCH_CLIENT_SECRET") or "bench-secret"
  return "Basic " .. M.base64(M.urlencode(id) .. ":" .. M.urlencode(secret))
end

function M.done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_s=%.3f rps=%.1f connect=%d read=%d write=%d timeout=%d non2xx=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
    summary.requests, seconds, summary.requests / seconds,
    e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

return M
