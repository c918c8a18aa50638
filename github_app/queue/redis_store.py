"""``JobStore`` on Redis: each operation is one Lua script, so workers on many hosts agree.

Keys (prefix ``backendbot:``): ``delivery:<id>`` (SET NX EX), ``job:<id>`` (hash),
``keyq:<key>`` (sorted set of a key's unfinished jobs by arrival; a job hash holds its
acknowledgement's ``ack``/``ack_until`` too), ``active`` (set of
queued/running ids), ``jobs`` (sorted set of every id), ``finished`` (done/failed ids by
finishing time, for pruning), ``seq`` (arrival counter).
"""

from __future__ import annotations

from collections.abc import Sequence

import redis

from backendbot.github_app.jobs.model import BuildJob, FollowUpJob, job_to_json
from backendbot.github_app.queue.records import (
    AckState,
    JobRecord,
    JobState,
    StartOutcome,
    initial_ack,
)

PREFIX = "backendbot:"

_CLAIM = """
if not redis.call('SET', KEYS[1], ARGV[2], 'NX', 'EX', ARGV[1]) then return 0 end
local p = ARGV[3]
for i = 4, #ARGV, 4 do
  if redis.call('EXISTS', p .. 'job:' .. ARGV[i]) == 1 then return 0 end
end
for i = 4, #ARGV, 4 do
  local id, key = ARGV[i], ARGV[i + 1]
  local seq = redis.call('INCR', p .. 'seq')
  redis.call('HSET', p .. 'job:' .. id, 'id', id, 'key', key, 'state', 'queued',
             'job', ARGV[i + 2], 'attempts', 0, 'created_at', ARGV[2], 'updated_at', ARGV[2],
             'ack', ARGV[i + 3])
  redis.call('ZADD', p .. 'keyq:' .. key, seq, id)
  redis.call('ZADD', p .. 'jobs', seq, id)
  redis.call('SADD', p .. 'active', id)
end
return 1
"""

# Is an acknowledgement of another job of the key running under a live lease?
_OTHER_ACK_RUNNING = """
local function other_ack_running(p, key, id, now)
  for _, other in ipairs(redis.call('ZRANGE', p .. 'keyq:' .. key, 0, -1)) do
    if other ~= id then
      local v = redis.call('HMGET', p .. 'job:' .. other, 'ack', 'ack_until')
      if v[1] == 'running' and tonumber(v[2] or '0') > now then return true end
    end
  end
  return false
end
"""

_START = (
    _OTHER_ACK_RUNNING
    + """
local p, id, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local jk = p .. 'job:' .. id
local st = redis.call('HGET', jk, 'state')
if st ~= 'queued' and st ~= 'running' then return 'gone' end
local lease = tonumber(redis.call('HGET', jk, 'lease_until'))
if lease and lease > now then
  if st == 'running' then return 'duplicate' end
  return 'busy'  -- queued: a retry's backoff (its not-before time) has not run out yet
end
local key = redis.call('HGET', jk, 'key')
if redis.call('ZRANGE', p .. 'keyq:' .. key, 0, 0)[1] ~= id then return 'busy' end
local v = redis.call('HMGET', jk, 'ack', 'ack_until', 'created_at')
if v[1] == 'running' and tonumber(v[2] or '0') > now then return 'busy' end
if v[1] == 'pending' and now - tonumber(v[3]) < tonumber(ARGV[6]) then return 'busy' end
if other_ack_running(p, key, id, now) then return 'busy' end
if v[1] == 'pending' or v[1] == 'running' then redis.call('HSET', jk, 'ack', 'skipped') end
redis.call('HSET', jk, 'state', 'running', 'started_at', ARGV[3], 'updated_at', ARGV[3],
           'lease_until', ARGV[4], 'worker', ARGV[5])
redis.call('HDEL', jk, 'reason')
redis.call('HINCRBY', jk, 'attempts', 1)
return 'started'
"""
)

_START_ACK = (
    _OTHER_ACK_RUNNING
    + """
local p, id, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local jk = p .. 'job:' .. id
local v = redis.call('HMGET', jk, 'state', 'ack', 'ack_until', 'key')
if v[1] ~= 'queued' or (v[2] ~= 'pending' and v[2] ~= 'running') then return 'gone' end
if v[2] == 'running' and tonumber(v[3] or '0') > now then return 'duplicate' end
if other_ack_running(p, v[4], id, now) then return 'busy' end
redis.call('HSET', jk, 'ack', 'running', 'ack_until', ARGV[4])
return 'started'
"""
)

_FINISH_ACK = """
local jk = ARGV[1] .. 'job:' .. ARGV[2]
if redis.call('HGET', jk, 'ack') == 'running' then
  redis.call('HSET', jk, 'ack', 'done')
  redis.call('HDEL', jk, 'ack_until')
end
return 1
"""

# ARGV: prefix, id, worker, op, now/lease_until, reason
_UPDATE_RUNNING = """
local p, id = ARGV[1], ARGV[2]
local jk = p .. 'job:' .. id
if redis.call('HGET', jk, 'state') ~= 'running' or redis.call('HGET', jk, 'worker') ~= ARGV[3]
  then return 0 end
local op = ARGV[4]
if op == 'renew' then
  redis.call('HSET', jk, 'lease_until', ARGV[5])
  return 1
end
redis.call('HDEL', jk, 'lease_until', 'reason')
redis.call('HSET', jk, 'updated_at', ARGV[5])
if ARGV[6] ~= '' then redis.call('HSET', jk, 'reason', ARGV[6]) end
if op == 'requeue' then
  redis.call('HSET', jk, 'state', 'queued')
  if ARGV[7] ~= '' then redis.call('HSET', jk, 'lease_until', ARGV[7]) end
else
  redis.call('HSET', jk, 'state', op, 'finished_at', ARGV[5])
  redis.call('ZREM', p .. 'keyq:' .. redis.call('HGET', jk, 'key'), id)
  redis.call('SREM', p .. 'active', id)
  redis.call('ZADD', p .. 'finished', ARGV[5], id)
end
return 1
"""

_PRUNE = """
local p = ARGV[1]
local old = redis.call('ZRANGEBYSCORE', p .. 'finished', '-inf', ARGV[2], 'LIMIT', 0, 1000)
for _, id in ipairs(old) do
  redis.call('DEL', p .. 'job:' .. id)
  redis.call('ZREM', p .. 'jobs', id)
  redis.call('ZREM', p .. 'finished', id)
end
return #old
"""

_RECLAIM = """
local p, now, stale = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', p .. 'active')) do
  local jk = p .. 'job:' .. id
  local v = redis.call('HMGET', jk, 'state', 'lease_until', 'updated_at')
  if v[1] == 'running' and tonumber(v[2] or '0') < now then
    redis.call('HSET', jk, 'state', 'queued', 'updated_at', ARGV[2],
               'reason', 'worker lost (lease expired); queued again')
    redis.call('HDEL', jk, 'lease_until')
    table.insert(out, id)
  elseif v[1] == 'queued' and tonumber(v[3]) < now - stale then
    redis.call('HSET', jk, 'updated_at', ARGV[2])
    table.insert(out, id)
  end
end
return out
"""


def _opt_float(value: str | None) -> float | None:
    return None if value is None else float(value)


def _record(h: dict[str, str]) -> JobRecord:
    return JobRecord(
        job_id=h["id"],
        key=h["key"],
        state=JobState(h["state"]),
        job_json=h["job"],
        attempts=int(h["attempts"]),
        created_at=float(h["created_at"]),
        updated_at=float(h["updated_at"]),
        started_at=_opt_float(h.get("started_at")),
        finished_at=_opt_float(h.get("finished_at")),
        lease_until=_opt_float(h.get("lease_until")),
        worker=h.get("worker"),
        reason=h.get("reason"),
        ack=AckState(h.get("ack", "none")),
    )


class RedisJobStore:
    def __init__(self, url: str, delivery_ttl: float, prefix: str = PREFIX) -> None:
        self._delivery_ttl = max(int(delivery_ttl), 1)
        self._redis: redis.Redis = redis.Redis.from_url(url, decode_responses=True)
        self._p = prefix
        self._claim = self._redis.register_script(_CLAIM)
        self._start = self._redis.register_script(_START)
        self._start_ack = self._redis.register_script(_START_ACK)
        self._finish_ack = self._redis.register_script(_FINISH_ACK)
        self._update = self._redis.register_script(_UPDATE_RUNNING)
        self._reclaim = self._redis.register_script(_RECLAIM)
        self._prune = self._redis.register_script(_PRUNE)

    def claim_delivery(
        self, delivery_id: str, jobs: Sequence[tuple[str, BuildJob | FollowUpJob]], now: float
    ) -> bool:
        args: list[str] = [str(self._delivery_ttl), repr(now), self._p]
        for job_id, job in jobs:
            args += [job_id, job.key, job_to_json(job), initial_ack(job).value]
        return bool(self._claim(keys=[f"{self._p}delivery:{delivery_id}"], args=args))

    def get(self, job_id: str) -> JobRecord | None:
        h: dict[str, str] = self._redis.hgetall(f"{self._p}job:{job_id}")  # type: ignore[assignment]
        return _record(h) if h else None

    def records(self) -> list[JobRecord]:
        ids: list[str] = self._redis.zrange(f"{self._p}jobs", 0, -1)  # type: ignore[assignment]
        pipe = self._redis.pipeline(transaction=False)
        for job_id in ids:
            pipe.hgetall(f"{self._p}job:{job_id}")
        return [_record(h) for h in pipe.execute() if h]

    def start(
        self, job_id: str, worker: str, now: float, lease: float, ack_wait: float = 0.0
    ) -> StartOutcome:
        args = [self._p, job_id, repr(now), repr(now + lease), worker, repr(ack_wait)]
        return StartOutcome(str(self._start(args=args)))

    def start_ack(self, job_id: str, now: float, lease: float) -> StartOutcome:
        args = [self._p, job_id, repr(now), repr(now + lease)]
        return StartOutcome(str(self._start_ack(args=args)))

    def finish_ack(self, job_id: str) -> None:
        self._finish_ack(args=[self._p, job_id])

    def head(self, key: str) -> str | None:
        ids: list[str] = self._redis.zrange(f"{self._p}keyq:{key}", 0, 0)  # type: ignore[assignment]
        return ids[0] if ids else None

    def touch(self, job_id: str, now: float) -> None:
        key = f"{self._p}job:{job_id}"
        if self._redis.hget(key, "state") == "queued":
            self._redis.hset(key, "updated_at", repr(now))

    def _run_update(
        self, job_id: str, worker: str, op: str, when: float, reason: str, extra: str = ""
    ) -> bool:
        return bool(self._update(args=[self._p, job_id, worker, op, repr(when), reason, extra]))

    def renew(self, job_id: str, worker: str, lease_until: float) -> bool:
        return self._run_update(job_id, worker, "renew", lease_until, "")

    def requeue(
        self, job_id: str, worker: str, now: float, reason: str, not_before: float | None = None
    ) -> bool:
        # A queued job's lease_until is its not-before time (absent: now).
        extra = "" if not_before is None else repr(not_before)
        return self._run_update(job_id, worker, "requeue", now, reason, extra)

    def finish(
        self, job_id: str, worker: str, now: float, failed: bool, reason: str | None
    ) -> bool:
        op = JobState.FAILED.value if failed else JobState.DONE.value
        return self._run_update(job_id, worker, op, now, reason or "")

    def reclaim(self, now: float, stale_queued: float) -> list[str]:
        return [str(i) for i in self._reclaim(args=[self._p, repr(now), repr(stale_queued)])]

    def prune(self, now: float, delivery_ttl: float, job_retention: float) -> None:
        """Delivery keys expire by themselves; finished jobs go in batches of 1000."""
        while self._prune(args=[self._p, repr(now - job_retention)]) == 1000:
            pass

    def checkpoint(self) -> None:
        """Nothing to do."""

    def close(self) -> None:
        self._redis.close()
