/** Connection settings every queue client here shares. */

/**
 * Commands wait through a Redis restart instead of failing: a sweep outlives a restart of its
 * Redis (with append-only persistence, nothing queued is lost).
 */
export function redisOptions() {
  return {
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  };
}

/** A clear error for anything that is not a redis:// or rediss:// address. */
export function checkRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--redis wants a URL such as redis://127.0.0.1:6379, got '${url}'`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`--redis wants a redis:// or rediss:// URL, got '${url}'`);
  }
  return url;
}
