/**
 * What a site owner watching the dashboard would see during the load: the admin change feed
 * (`GET /v1/admin/feed?after=`, tailed every 100 ms) and the dashboard's live SSE stream
 * (`GET /dashboard/api/live`, behind a dashboard login). Both note when each entry arrived.
 */
export interface SeenFeedEntry {
  id: number;
  topic: string;
  entityId: string;
  data: Record<string, unknown>;
  seenAt: number;
}

export function tailAdminFeed(relayUrl: string, adminToken: string, intervalMs = 100) {
  const entries: SeenFeedEntry[] = [];
  let after = 0;
  let stopped = false;
  let errors = 0;
  const loop = (async () => {
    while (!stopped) {
      try {
        const res = await fetch(`${relayUrl}/v1/admin/feed?after=${after}&siteId=techcorp`, {
          headers: { authorization: `Bearer ${adminToken}` },
        });
        if (!res.ok) throw new Error(`feed ${res.status}`);
        const body = (await res.json()) as {
          entries: Omit<SeenFeedEntry, "seenAt">[];
          last: number;
        };
        const seenAt = performance.now();
        for (const e of body.entries) entries.push({ ...e, seenAt });
        after = body.last;
        if (body.entries.length >= 500) continue;
      } catch {
        errors++;
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    entries,
    get errors() {
      return errors;
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

export interface LiveState {
  active: { sessionId: string; status?: string; intent?: string | null }[];
  recent: { sessionId: string }[];
  queue: unknown[];
}

/** Creates the first dashboard admin with the admin token; returns the login cookie. */
export async function dashboardLogin(relayUrl: string, adminToken: string): Promise<string> {
  const res = await fetch(`${relayUrl}/dashboard/api/auth/bootstrap`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      adminToken,
      username: "loadadmin",
      displayName: "Load Test",
      password: "load-test-password-1",
    }),
  });
  if (res.status !== 201) throw new Error(`dashboard bootstrap: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get("set-cookie");
  if (!cookie) throw new Error("dashboard bootstrap set no cookie");
  return cookie.split(";")[0]!;
}

export function watchLiveStream(relayUrl: string, cookie: string) {
  const states: { at: number; state: LiveState }[] = [];
  const abort = new AbortController();
  const opened = (async () => {
    const res = await fetch(`${relayUrl}/dashboard/api/live?site=techcorp`, {
      headers: { cookie, accept: "text/event-stream" },
      signal: abort.signal,
    });
    if (!res.ok || !res.body) throw new Error(`dashboard live stream: ${res.status}`);
    return res.body;
  })();
  const done = (async () => {
    const body = await opened;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = block
            .split("\n")
            .filter((l) => l.startsWith("data: "))
            .map((l) => l.slice(6))
            .join("\n");
          if (event === "state")
            states.push({ at: performance.now(), state: JSON.parse(data) as LiveState });
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  })();
  return {
    states,
    opened: opened.then(() => undefined),
    /** Resolves with the arrival time of the first state at or after `after` that satisfies `predicate`. */
    async until(
      predicate: (s: LiveState) => boolean,
      timeoutMs: number,
      after = 0,
    ): Promise<number> {
      const start = performance.now();
      while (performance.now() - start < timeoutMs) {
        const hit = states.find((s) => s.at >= after && predicate(s.state));
        if (hit) return hit.at;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`dashboard stream: no matching state within ${timeoutMs} ms`);
    },
    async stop() {
      abort.abort();
      await done.catch(() => undefined);
    },
  };
}
