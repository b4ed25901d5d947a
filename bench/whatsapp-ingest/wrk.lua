-- wrk script: each thread sends its share of pre-signed webhooks (file lines "signature<TAB>body"), once each.
-- Arguments after "--": the requests file and the number of threads. There is no response() callback:
-- with one, wrk hands every answer's headers and body to Lua, which costs the shared machine more than the
-- server's own write of that answer; non-2xx answers are counted by wrk itself (summary.errors.status).
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

local function webhook(sig, body)
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Twilio-Signature"] = sig,
  }, body)
end

-- Requests are formatted here, before the run, so the load generator's own work per request is a lookup.
function init(args)
  mine, sent = {}, 0
  health = wrk.format("GET", "/health")
  local n, line_no = tonumber(args[2]), 0
  for line in io.lines(args[1]) do
    if line_no % n == id then
      local tab = line:find("\t", 1, true)
      table.insert(mine, webhook(line:sub(1, tab - 1), line:sub(tab + 1)))
    end
    line_no = line_no + 1
  end
end

function request()
  -- wrk calls thread 0's request() once before the run to check the script; that request is never sent.
  if id == 0 and not checked then
    checked = true
    return mine[1]
  end
  sent = sent + 1
  -- Once this thread's share is out, connections still waiting to send ask for /health instead, so every
  -- webhook is sent exactly once.
  if sent > #mine then return health end
  return mine[sent]
end

function done(summary, latency)
  io.write(string.format('{"requests":%d,"p50_us":%d,"p99_us":%d,"errors":%d,"socket_errors":%d}\n',
    summary.requests, latency:percentile(50), latency:percentile(99), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
