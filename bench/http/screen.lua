-- POST /api/v1/screen with one name per request, rotating over every line of ECHRI_NAMES (a file
-- of many different names), so that no cache anywhere can make a repeated query look faster.
-- Requests are built once per thread in init(): wrk shares the machine with the server, and
-- building JSON in Lua on every request would be measured as server time.
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
  local names = common.lines("ECHRI_NAMES", "names.txt")
  for i, name in ipairs(names) do
    requests[i] = wrk.format("POST", "/api/v1/screen", headers,
                             '{"name":' .. common.json_string(name) .. '}')
  end
  -- Threads start far apart in the rotation.
  position = (thread_id or 0) * math.floor(#requests / 2)
end

function request()
  position = position % #requests + 1
  return requests[position]
end
