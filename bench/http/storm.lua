-- An authentication storm: every request carries a real token id (one per line in
-- ECHRI_TOKEN_IDS) with a wrong secret, on the path in ECHRI_STORM_PATH (default /api/v1/me).
-- Counts the answers by status and prints them when wrk is done.
package.path = (os.getenv("ECHRI_BENCH_LUA") or "bench/http") .. "/?.lua;" .. package.path
local common = require("common")

local threads = {}

function setup(thread)
  common.setup(thread)
  table.insert(threads, thread)
end

local requests = {}
local position = 0
answers_401 = 0
answers_429 = 0
answers_other = 0

function init(args)
  local path = os.getenv("ECHRI_STORM_PATH") or "/api/v1/me"
  local ids = common.lines("ECHRI_TOKEN_IDS", "token-ids.txt")
  math.randomseed(os.time() + (thread_id or 0))
  -- 997 different wrong secrets per thread, each for one of the real token ids in turn.
  for i = 1, 997 do
    local secret = {}
    for j = 1, 32 do secret[j] = string.format("%02x", math.random(0, 255)) end
    local token = "echri_" .. ids[(i - 1) % #ids + 1] .. "_" .. table.concat(secret)
    requests[i] = wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
  end
  position = (thread_id or 0) * 101
end

function request()
  position = position % #requests + 1
  return requests[position]
end

function response(status, headers, body)
  if status == 401 then
    answers_401 = answers_401 + 1
  elseif status == 429 then
    answers_429 = answers_429 + 1
  else
    answers_other = answers_other + 1
  end
end

function done(summary, latency, requests_done)
  local c401, c429, other = 0, 0, 0
  for _, thread in ipairs(threads) do
    c401 = c401 + thread:get("answers_401")
    c429 = c429 + thread:get("answers_429")
    other = other + thread:get("answers_other")
  end
  io.write(string.format("storm answers: 401 %d, 429 %d, other %d\n", c401, c429, other))
end
