-- POST /api/v1/screen with a batch per request, rotating over the bodies of ECHRI_BODIES (one
-- JSON request body per line, e.g. 1,000 names with "explain": false, as bench/run-batch-bench
-- writes them). Requests are built once per thread in init(), so that wrk's own work stays small.
package.path = (os.getenv("ECHRI_BENCH_LUA") or "bench/http") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup

local requests = {}
local position = 0

function init(args)
  local headers = {
    ["Authorization"] = "Bearer " .. common.token(),
    ["Content-Type"] = "application/json",
  }
  for i, body in ipairs(common.lines("ECHRI_BODIES", "bodies.jsonl")) do
    requests[i] = wrk.format("POST", "/api/v1/screen", headers, body)
  end
  position = (thread_id or 0) * math.floor(#requests / 2)
end

function request()
  position = position % #requests + 1
  return requests[position]
end

function response(status, headers, body)
  if status ~= 200 then error("status " .. status .. ": " .. body) end
end
