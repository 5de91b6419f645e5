/**
 * Fetch for the knowledge index: revalidate with the server (ETag → 304 costs almost nothing),
 * keep a copy in Cache Storage, and fall back to that copy when the network fails, so a
 * returning visitor still gets answers while the relay is briefly unreachable.
 */
export function cachedFetch(
  cacheName = "parley-knowledge-v1",
  onCacheFallback: () => void = () => {},
): typeof fetch {
  return async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    // No Cache Storage on plain-http pages and in some privacy modes: fetch without a copy.
    const cache: Cache | null =
      typeof caches === "undefined" ? null : await caches.open(cacheName).catch(() => null);
    try {
      const response = await fetch(url, { ...init, cache: "no-cache" });
      if (response.ok && cache) await cache.put(url, response.clone()).catch(() => undefined);
      if (response.ok || !cache) return response;
      const stale = await cache.match(url);
      if (stale && response.status >= 500) {
        onCacheFallback();
        return stale;
      }
      return response;
    } catch (error) {
      const stale = await cache?.match(url);
      if (stale) {
        onCacheFallback();
        return stale;
      }
      throw error;
    }
  };
}
