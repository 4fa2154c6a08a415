-- One row of the load benchmark (scripts/bench-load), for wrk.
--   LOAD_ROW    anon | home | demande | dossier | save | pulse | static
--   LOAD_FILE   the accounts (scripts/load/sign-in.mjs), one per line, tab-separated
--   LOAD_OUT    the results file: one line is appended at the end
--   LOAD_LABEL  the configuration's name, written in that line
-- Each request takes the next account of its thread's share (threads share
-- the file out, round robin), so consecutive requests come from different
-- accounts. Any answer outside 200-299 is counted and reported.

local row = os.getenv("LOAD_ROW")
local file = os.getenv("LOAD_FILE")
local threads = {}
local made = 0

function setup(thread)
  thread:set("id", made)
  made = made + 1
  table.insert(threads, thread)
end

local function split(line)
  local f = {}
  for x in string.gmatch(line, "[^\t]+") do
    table.insert(f, x)
  end
  return f
end

function init(args)
  nthreads = tonumber(os.getenv("LOAD_THREADS") or "1")
  lines = {}
  bad = 0
  codes = {}
  if file and file ~= "" then
    local i = 0
    for line in io.lines(file) do
      if line ~= "" then
        if i % nthreads == id then
          table.insert(lines, split(line))
        end
        i = i + 1
      end
    end
  end
  pos = id * 7
end

local form = "application/x-www-form-urlencoded"

function request()
  if #lines == 0 then
    return wrk.format("GET", row == "static" and "/home.html" or "/connexion", { Accept = "text/html" })
  end
  pos = pos % #lines + 1
  local l = lines[pos]
  if row == "home" then
    return wrk.format("GET", "/", { Cookie = l[1], Accept = "text/html" })
  elseif row == "demande" then
    return wrk.format("GET", "/demande/2", { Cookie = l[1], Accept = "text/html" })
  elseif row == "dossier" then
    return wrk.format("GET", "/dossier/" .. l[2], { Cookie = l[1], Accept = "text/html" })
  elseif row == "pulse" then
    return wrk.format("POST", "/api/pulse", { Cookie = l[1], ["Content-Type"] = form, Accept = "application/json" },
      "dossier_id=" .. l[2] .. "&since=-1")
  elseif row == "save" then
    -- The version this screen started from: the one read before the run,
    -- then one more per save of that field (never two at once: a field
    -- comes back only after all the others of this thread).
    local version = tonumber(l[4])
    l[4] = tostring(version + 1)
    return wrk.format("POST", "/api/save_answer", { Cookie = l[1], ["Content-Type"] = form, Accept = "application/json" },
      "field=" .. l[3] .. "&value=Texte+de+la+charge+" .. (version + 1) .. "&version=" .. version)
  end
  return wrk.format("GET", "/connexion", { Accept = "text/html" })
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    codes[status] = (codes[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local non2xx = 0
  local all = {}
  for _, t in ipairs(threads) do
    non2xx = non2xx + t:get("bad")
    for code, n in pairs(t:get("codes")) do
      all[code] = (all[code] or 0) + n
    end
  end
  local parts = {}
  for code, n in pairs(all) do
    table.insert(parts, code .. "x" .. n)
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  local secs = summary.duration / 1e6
  local out = io.open(os.getenv("LOAD_OUT"), "a")
  out:write(string.format("%s\t%s\t%.1f\t%.2f\t%.2f\t%d\t%d\t%d\t%s\n", os.getenv("LOAD_LABEL") or "", row,
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000, non2xx, socket,
    summary.requests, table.concat(parts, " ")))
  out:close()
end
