/** Fetch helpers for /dashboard/api: JSON in and out, the CSRF header on writes, typed errors. */

let csrfToken = "";
export function setCsrf(token: string): void {
  csrfToken = token;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/dashboard/api${path}`, {
    method,
    credentials: "same-origin",
    headers: {
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(method !== "GET" && csrfToken ? { "x-csrf-token": csrfToken } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 401 && !path.startsWith("/auth/")) {
    window.location.assign(`/dashboard/login?next=${encodeURIComponent(window.location.pathname)}`);
  }
  if (!res.ok) {
    const err = (await res.json().catch(() => ({}))) as {
      error?: { code?: string; message?: string; retryable?: boolean };
    };
    throw new ApiFailure(
      res.status,
      err.error?.code ?? "error",
      err.error?.message ?? `request failed (${res.status})`,
      err.error?.retryable ?? res.status >= 500,
    );
  }
  return (await res.json()) as T;
}

export interface Me {
  user: {
    id: string;
    username: string;
    displayName: string;
    role: "admin" | "agent";
    agentId: string | null;
  };
  csrfToken: string;
  sites: { id: string; company: string; timezone: string }[];
}
