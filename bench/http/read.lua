-- Authenticated GETs that read the database, rotating over the paths in ECHRI_PATHS (one per
-- line: users, organisations, audit pages...), so that reads are spread over many rows.
package.path = (os.getenv("ECHRI_BENCH_LUA") or "bench/http") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup

local requests = {}
local position = 0

function init(args)
  local headers = {["Authorization"] = "Bearer " .. common.token()}
  for i, path in ipairs(common.lines("ECHRI_PATHS", "paths.txt")) do
    requests[i] = wrk.format("GET", path, headers)
  end
  position = (thread_id or 0) * math.floor(#requests / 2)
end

function request()
  position = position % #requests + 1
  return requests[position]
end
