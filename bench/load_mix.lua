-- wrk script for bench/load_test.sh: each request picks one of the paths given
-- after "--" at random; every thread counts its answers by status class, and
-- the summary prints them (5xx must stay at zero; with FAULTS=1 the 503s of
-- the database's outage are counted apart: "of which 503"). Behind nginx
-- (bench/two_nodes.sh) its X-Cache-Status values are counted too.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = args
  counts = { ["2xx"] = 0, ["3xx"] = 0, ["4xx"] = 0, ["5xx"] = 0 }
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8)) or 0))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)], {
    ["User-Agent"] = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 "
      .. "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
  })
end

function response(status, headers, body)
  local class = math.floor(status / 100) .. "xx"
  counts[class] = (counts[class] or 0) + 1
  if status == 503 then
    counts["503"] = (counts["503"] or 0) + 1
  end
  local cache = headers["X-Cache-Status"]
  if cache then
    counts["cache " .. cache] = (counts["cache " .. cache] or 0) + 1
  end
end

function done(summary, latency, requests)
  local total = { ["2xx"] = 0, ["3xx"] = 0, ["4xx"] = 0, ["5xx"] = 0, ["503"] = 0 }
  for _, thread in ipairs(threads) do
    local counted = thread:get("counts")
    for class, n in pairs(counted) do
      total[class] = (total[class] or 0) + n
    end
  end
  io.write(string.format(
    "answers: 2xx %d, 3xx %d, 4xx %d, 5xx %d (of which 503 %d); socket errors: connect %d, read %d, write %d, timeout %d\n",
    total["2xx"], total["3xx"], total["4xx"], total["5xx"], total["503"],
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout))
  local cached = {}
  for key, n in pairs(total) do
    if key:sub(1, 6) == "cache " then
      table.insert(cached, key:sub(7) .. " " .. n)
    end
  end
  if #cached > 0 then
    table.sort(cached)
    io.write("nginx cache (X-Cache-Status): " .. table.concat(cached, ", ") .. "\n")
  end
  io.write(string.format("requests/s %.0f, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000,
    latency.max / 1000))
end
