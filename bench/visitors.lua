-- wrk script for bench/stats_wrk.sh: each request comes from one of N
-- visitors (N is the argument after "--"), told apart by their User-Agent,
-- so the counter sees many visitors as on a real site instead of one.
function init(args)
  visitors = tonumber(args[1]) or 1
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8)) or 0))
end

function request()
  return wrk.format("GET", nil, {
    ["User-Agent"] = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 "
      .. "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 visitor/"
      .. math.random(visitors),
  })
end
