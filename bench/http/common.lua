-- Shared by the wrk scripts: the bearer token from ECHRI_TOKEN, lines of a file, JSON strings,
-- and a thread id so that threads start at different places in the rotation.
local common = {}

function common.token()
  local token = os.getenv("ECHRI_TOKEN")
  if token == nil or token == "" then
    error("set ECHRI_TOKEN to a bearer token (echri users token ID, exchanged: docs/api.md)")
  end
  return token
end

function common.lines(variable, default)
  local path = os.getenv(variable) or default
  local out = {}
  for line in io.lines(path) do
    if #line > 0 then out[#out + 1] = line end
  end
  if #out == 0 then error(path .. " has no lines") end
  return out
end

function common.json_string(text)
  local escaped = text:gsub('[%c"\\]', function(c)
    if c == '"' then return '\\"' end
    if c == '\\' then return '\\\\' end
    return string.format("\\u%04x", c:byte())
  end)
  return '"' .. escaped .. '"'
end

local next_id = 0
function common.setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
end

return common
