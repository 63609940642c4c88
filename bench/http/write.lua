-- POST /api/v1/applications: an exporter files draft applications (each one a record and an audit
-- record written in one transaction), the body read once from ECHRI_APPLICATION. Every request
-- is a durable write: the server answers only after the commit.
package.path = (os.getenv("ECHRI_BENCH_LUA") or "bench/http") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup

local request_text

function init(args)
  local path = os.getenv("ECHRI_APPLICATION") or "data/demo/application.json"
  local file = assert(io.open(path, "rb"))
  local body = file:read("a")
  file:close()
  request_text = wrk.format("POST", "/api/v1/applications", {
    ["Authorization"] = "Bearer " .. common.token(),
    ["Content-Type"] = "application/json",
  }, body)
end

function request()
  return request_text
end
