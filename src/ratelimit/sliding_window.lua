-- Sliding-window log, the same rule as the in-process store (src/ratelimit/memory.rs).
-- KEYS[1]: a sorted set of admitted requests, scored by their time in ms.
-- ARGV[1]: limit; ARGV[2]: window in ms; ARGV[3]: a unique member for this request;
-- ARGV[4]: now in ms, or '' to use the Redis server's clock (one clock for every instance).
-- Returns {allowed (0|1), remaining, ms until the oldest admitted request leaves, now in ms}.
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[4])
if now == nil then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  count = count + 1
  allowed = 1
end
local reset = 0
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if oldest[2] then
  reset = math.max(0, tonumber(oldest[2]) + window - now)
end
return {allowed, limit - count, reset, now}
