-- wrk script for bench/stats_wrk.sh: each request comes from one of N
-- visitors (N is the argument after "--"), told apart by their User-Agent,
-- so the counter sees many visitors as on a real site instead of one. A
-- second argument sets the Host header: the portal the requests go to.
function init(args)
  visitors = tonumber(args[1]) or 1
  host = args[2]
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8)) or 0))
end

function request()
  local headers = {
    ["User-Agent"] = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 "
      .. "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 visitor/"
      .. math.random(visitors),
  }
  if host and host ~= "" then
    headers["Host"] = host
  end
  return wrk.format("GET", nil, headers)
end
