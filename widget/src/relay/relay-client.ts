import {
  ActionAccepted,
  ActionResult,
  ApiError,
  CreateSessionResponse,
  Order,
  parseWith,
  type ActionRequest,
  type CreateSessionRequest,
  type EventBatch,
} from "@parley/protocol";
import type { z } from "zod";
import { DEFAULT_BACKOFF, withBackoff, type BackoffOptions } from "@parley/protocol";
import { isRetryableRelayError, RelayError } from "./relay-errors";

export interface RelayClientOptions {
  /** Base URL of the relay, e.g. https://support.example.com. */
  baseUrl: string;
  fetch?: typeof fetch;
  backoff?: BackoffOptions;
  /** Per-request timeout, ms. */
  timeoutMs?: number;
}

export interface RelaySession {
  sessionId: string;
  token: string;
  expiresAt: string;
}

/**
 * The widget's side of the relay's public API. Every response is validated with the protocol
 * schemas; network errors, timeouts, 429 and 5xx are retried with backoff (the same
 * idempotency key on every attempt, so an action is never done twice); other 4xx fail at once.
 */
export class RelayClient {
  private readonly fetchImpl: typeof fetch;
  private readonly baseUrl: string;
  session: RelaySession | null = null;

  constructor(private readonly options: RelayClientOptions) {
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
  }

  async createSession(body: CreateSessionRequest): Promise<RelaySession> {
    const session = await this.request("POST", "/v1/sessions", CreateSessionResponse, body, false);
    this.session = session;
    return session;
  }

  async postEvents(batch: EventBatch): Promise<void> {
    const session = this.requireSession();
    await this.request(
      "POST",
      `/v1/sessions/${encodeURIComponent(session.sessionId)}/events`,
      null,
      batch,
      true,
    );
  }

  async sendAction(action: ActionRequest): Promise<ActionAccepted> {
    return this.request("POST", "/v1/actions", ActionAccepted, action, true);
  }

  async getAction(actionId: string): Promise<ActionResult> {
    return this.request(
      "GET",
      `/v1/actions/${encodeURIComponent(actionId)}`,
      ActionResult,
      undefined,
      true,
    );
  }

  /** Null when the relay says the order does not exist. */
  async lookupOrder(orderId: string): Promise<Order | null> {
    try {
      return await this.request(
        "GET",
        `/v1/orders/${encodeURIComponent(orderId)}`,
        Order,
        undefined,
        true,
      );
    } catch (error) {
      if (error instanceof RelayError && error.status === 404) return null;
      throw error;
    }
  }

  /**
   * `navigator.sendBeacon` for page hide: it cannot set headers, so the token travels in the
   * body (`EventBatch.token`). Returns false when the browser refused to queue it.
   */
  beaconEvents(
    batch: Omit<EventBatch, "token">,
    sendBeacon = globalThis.navigator?.sendBeacon?.bind(navigator),
  ): boolean {
    const session = this.session;
    if (!session || !sendBeacon) return false;
    const body = JSON.stringify({ ...batch, token: session.token } satisfies EventBatch);
    const url = `${this.baseUrl}/v1/sessions/${encodeURIComponent(session.sessionId)}/events`;
    return sendBeacon(url, new Blob([body], { type: "text/plain;charset=UTF-8" }));
  }

  private requireSession(): RelaySession {
    if (!this.session) throw new RelayError("no relay session yet", "no_session", true, null);
    return this.session;
  }

  private async request<S extends z.ZodType>(
    method: "GET" | "POST",
    path: string,
    schema: S | null,
    body: unknown,
    authorised: boolean,
  ): Promise<z.output<S>> {
    return withBackoff(
      () => this.once(method, path, schema, body, authorised),
      isRetryableRelayError,
      this.options.backoff ?? DEFAULT_BACKOFF,
    );
  }

  private async once<S extends z.ZodType>(
    method: "GET" | "POST",
    path: string,
    schema: S | null,
    body: unknown,
    authorised: boolean,
  ): Promise<z.output<S>> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (authorised && this.session) headers.authorization = `Bearer ${this.session.token}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs ?? 8000);
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
    } catch (error) {
      const reason = controller.signal.aborted
        ? "timed out"
        : error instanceof Error
          ? error.message
          : String(error);
      throw new RelayError(
        `relay unreachable (${method} ${path}): ${reason}`,
        "relay_unreachable",
        true,
        null,
      );
    } finally {
      clearTimeout(timer);
    }
    const text = await response.text().catch(() => "");
    const json = safeJson(text);
    if (!response.ok) {
      const apiError = parseWith(ApiError, json);
      const retryable =
        response.status === 429 ||
        response.status >= 500 ||
        (apiError.ok && apiError.value.error.retryable);
      const detail = apiError.ok ? apiError.value.error.message : `HTTP ${response.status}`;
      const code = apiError.ok ? apiError.value.error.code : `http_${response.status}`;
      throw new RelayError(`${method} ${path} failed: ${detail}`, code, retryable, response.status);
    }
    if (!schema) return undefined as z.output<S>;
    const parsed = parseWith(schema, json);
    if (!parsed.ok) {
      throw new RelayError(
        `${method} ${path}: unexpected response (${parsed.error})`,
        "bad_response",
        false,
        response.status,
      );
    }
    return parsed.value;
  }
}

function safeJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
