-- wrk script for scripts/soak: one kind of request, repeated, with every answer's status tallied.
--
--   SOAK_KIND=token SOAK_PATH=/oauth/token SOAK_AUTH="Basic ..." SOAK_BODY="grant_type=..." \
--       wrk -t1 -c4 -d60s -s bench/soak.lua http://127.0.0.1:PORT
--
-- SOAK_METHOD (default POST; GET sends no body), SOAK_PATH, SOAK_AUTH (an Authorization value,
-- optional), SOAK_BODY (form body). At the end it prints one line scripts/soak parses:
--   SOAK kind=token requests=N connect=N read=N write=N timeout=N s200=N s401=N ...

local method = os.getenv("SOAK_METHOD") or "POST"
local path = os.getenv("SOAK_PATH") or "/oauth/token"
local auth = os.getenv("SOAK_AUTH")
local body = os.getenv("SOAK_BODY")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
  local headers = {}
  if auth and auth ~= "" then headers["Authorization"] = auth end
  if method == "GET" then
    request_bytes = wrk.format("GET", path, headers, nil)
  else
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    request_bytes = wrk.format(method, path, headers, body or "")
  end
end

function request()
  return request_bytes
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for status, n in pairs(c) do total[status] = (total[status] or 0) + n end
  end
  local e = summary.errors
  local line = string.format("SOAK kind=%s requests=%d connect=%d read=%d write=%d timeout=%d p99_ms=%.3f",
    os.getenv("SOAK_KIND") or "?", summary.requests, e.connect, e.read, e.write, e.timeout,
    latency:percentile(99) / 1000)
  local statuses = {}
  for status, _ in pairs(total) do table.insert(statuses, status) end
  table.sort(statuses)
  for _, status in ipairs(statuses) do line = line .. string.format(" s%d=%d", status, total[status]) end
  io.write(line .. "\n")
end
