-- wrk script for the end-to-end benchmark (benchmarks/e2e/e2e.py passes it with `-s`).
--
--   wrk ... -s wrk.lua URL -- get              plain GETs of URL (wrk's static request)
--   wrk ... -s wrk.lua URL -- post PREFIX      POST /candidate/<PREFIX><thread>-<n> with an empty
--                                              body: every request inserts a new name
--
-- At the end it prints one line "E2E_JSON {...}" with the request count, the errors by kind and
-- the latency percentiles in microseconds, for the driver to read.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  local mode = args[1] or "get"
  if mode == "post" then
    local prefix = (args[2] or "bench") .. tostring(thread_number) .. "-"
    local counter = 0
    -- Defining `request` here makes wrk build every request with it (a dynamic request).
    request = function()
      counter = counter + 1
      return wrk.format("POST", "/candidate/" .. prefix .. counter, nil, "")
    end
  elseif mode ~= "get" then
    error("wrk.lua: unknown mode '" .. mode .. "' (get or post)")
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'E2E_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"mean_us":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
