/**
 * A local HTTP server (127.0.0.1 only) that speaks the parts of Twilio's and Resend's APIs the
 * relay uses, so tests drive the REAL SDKs end to end. It keeps what it "sent", checks auth as
 * the real services do, honours Resend's Idempotency-Key, filters Twilio's list endpoints, and
 * can be scripted to fail: the next N calls answer 5xx (then recover), a recipient is refused
 * with a 4xx, or every answer is delayed.
 *
 * Usable in-process (tests) or as its own process (`tsx src/testing/fake-providers-main.ts`).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_TWILIO = {
  accountSid: `AC${"a1".repeat(16)}`,
  authToken: "fake-twilio-auth-token-0123456789",
};
export const FAKE_RESEND = { apiKey: "re_fake_key_0123456789" };

export interface FakeMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  mediaUrls: string[];
  statusCallback?: string;
  dateCreated: number;
}

export interface FakeCall {
  sid: string;
  to: string;
  from: string;
  twiml: string;
  dateCreated: number;
}

export interface FakeEmail {
  id: string;
  idempotencyKey?: string;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text?: string;
  attachments: { filename: string; content: string }[];
}

export type FakeEndpoint = "twilio.messages" | "twilio.calls" | "resend.emails";

interface ScriptedFailure {
  status: number;
  body: unknown;
}

export interface FakeProviders {
  url: string;
  messages: FakeMessage[];
  calls: FakeCall[];
  emails: FakeEmail[];
  /** Requests that reached an endpoint (including scripted failures). */
  hits: Record<FakeEndpoint, number>;
  /** The next `count` requests to `endpoint` fail with `status` (then it recovers). */
  failNext(endpoint: FakeEndpoint, count: number, status?: number): void;
  /** Requests to this recipient fail permanently (Twilio 21211 / Resend 422). */
  refuseRecipient(recipient: string): void;
  /** Delay every answer by `ms` (slow provider). */
  setLatency(ms: number): void;
  /** Forget everything sent and scripted (between tests). */
  reset(): void;
  close(): Promise<void>;
}

const rfc2822 = (ms: number) => new Date(ms).toUTCString().replace("GMT", "+0000");

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const twilioError = (status: number, code: number, message: string) => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});

export async function startFakeProviders(
  options: { latencyMs?: number } = {},
): Promise<FakeProviders> {
  const messages: FakeMessage[] = [];
  const calls: FakeCall[] = [];
  const emails: FakeEmail[] = [];
  const byIdempotencyKey = new Map<string, FakeEmail>();
  const hits: Record<FakeEndpoint, number> = {
    "twilio.messages": 0,
    "twilio.calls": 0,
    "resend.emails": 0,
  };
  const failures: Record<FakeEndpoint, ScriptedFailure[]> = {
    "twilio.messages": [],
    "twilio.calls": [],
    "resend.emails": [],
  };
  const refused = new Set<string>();
  let latency = options.latencyMs ?? 0;

  const twilioAuthOk = (req: IncomingMessage) =>
    req.headers.authorization ===
    `Basic ${Buffer.from(`${FAKE_TWILIO.accountSid}:${FAKE_TWILIO.authToken}`).toString("base64")}`;

  function scripted(endpoint: FakeEndpoint): ScriptedFailure | undefined {
    hits[endpoint]++;
    return failures[endpoint].shift();
  }

  const messageResource = (m: FakeMessage) => ({
    sid: m.sid,
    account_sid: FAKE_TWILIO.accountSid,
    to: m.to,
    from: m.from,
    body: m.body,
    status: "queued",
    num_media: String(m.mediaUrls.length),
    date_created: rfc2822(m.dateCreated),
    date_sent: rfc2822(m.dateCreated),
    date_updated: rfc2822(m.dateCreated),
    direction: "outbound-api",
    uri: `/2010-04-01/Accounts/${FAKE_TWILIO.accountSid}/Messages/${m.sid}.json`,
  });
  const callResource = (c: FakeCall) => ({
    sid: c.sid,
    account_sid: FAKE_TWILIO.accountSid,
    to: c.to,
    from: c.from,
    status: "queued",
    date_created: rfc2822(c.dateCreated),
    date_updated: rfc2822(c.dateCreated),
    uri: `/2010-04-01/Accounts/${FAKE_TWILIO.accountSid}/Calls/${c.sid}.json`,
  });
  const page = (key: string, items: unknown[], uri: string) => ({
    [key]: items,
    end: Math.max(0, items.length - 1),
    first_page_uri: uri,
    next_page_uri: null,
    page: 0,
    page_size: 50,
    previous_page_uri: null,
    start: 0,
    uri,
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (latency) await new Promise((r) => setTimeout(r, latency));
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);
    const twilioPath = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(
      url.pathname,
    );
    if (twilioPath) {
      if (!twilioAuthOk(req) || twilioPath[1] !== FAKE_TWILIO.accountSid)
        return send(res, 401, twilioError(401, 20003, "Authenticate"));
      const kind = twilioPath[2] === "Messages" ? "twilio.messages" : "twilio.calls";
      if (req.method === "GET") {
        const to = url.searchParams.get("To");
        const from = url.searchParams.get("From");
        const after = url.searchParams.get("DateSent>");
        const afterMs = after ? Date.parse(after) : 0;
        if (kind === "twilio.messages") {
          const found = messages.filter(
            (m) => (!to || m.to === to) && (!from || m.from === from) && m.dateCreated >= afterMs,
          );
          return send(res, 200, page("messages", found.map(messageResource), url.pathname));
        }
        const found = calls.filter((c) => (!to || c.to === to) && (!from || c.from === from));
        return send(res, 200, page("calls", found.map(callResource), url.pathname));
      }
      const failure = scripted(kind);
      if (failure) return send(res, failure.status, failure.body);
      const form = new URLSearchParams(raw);
      const to = form.get("To") ?? "";
      if (refused.has(to.replace(/^whatsapp:/, "")))
        return send(
          res,
          400,
          twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`),
        );
      if (kind === "twilio.messages") {
        const message: FakeMessage = {
          sid: `SM${randomBytes(16).toString("hex")}`,
          to,
          from: form.get("From") ?? "",
          body: form.get("Body") ?? "",
          mediaUrls: form.getAll("MediaUrl"),
          ...(form.get("StatusCallback") ? { statusCallback: form.get("StatusCallback")! } : {}),
          dateCreated: Date.now(),
        };
        messages.push(message);
        return send(res, 201, messageResource(message));
      }
      const call: FakeCall = {
        sid: `CA${randomBytes(16).toString("hex")}`,
        to,
        from: form.get("From") ?? "",
        twiml: form.get("Twiml") ?? "",
        dateCreated: Date.now(),
      };
      calls.push(call);
      return send(res, 201, callResource(call));
    }
    if (url.pathname === "/emails" && req.method === "POST") {
      if (req.headers.authorization !== `Bearer ${FAKE_RESEND.apiKey}`)
        return send(res, 401, {
          statusCode: 401,
          name: "missing_api_key",
          message: "Missing API key in the authorization header.",
        });
      const failure = scripted("resend.emails");
      if (failure) return send(res, failure.status, failure.body);
      const body = JSON.parse(raw) as {
        from: string;
        to: string[] | string;
        subject: string;
        html: string;
        text?: string;
        attachments?: { filename: string; content: string }[];
      };
      const key = req.headers["idempotency-key"] as string | undefined;
      const earlier = key ? byIdempotencyKey.get(key) : undefined;
      if (earlier) return send(res, 200, { id: earlier.id });
      const to = Array.isArray(body.to) ? body.to : [body.to];
      if (to.some((t) => refused.has(t)))
        return send(res, 422, {
          statusCode: 422,
          name: "validation_error",
          message: "Invalid `to` field.",
        });
      const email: FakeEmail = {
        id: randomBytes(16)
          .toString("hex")
          .replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, "$1-$2-$3-$4-$5"),
        ...(key ? { idempotencyKey: key } : {}),
        from: body.from,
        to,
        subject: body.subject,
        html: body.html,
        ...(body.text ? { text: body.text } : {}),
        attachments: body.attachments ?? [],
      };
      emails.push(email);
      if (key) byIdempotencyKey.set(key, email);
      return send(res, 200, { id: email.id });
    }
    send(res, 404, { message: `fake providers: no route ${req.method} ${url.pathname}` });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => send(res, 500, { message: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    calls,
    emails,
    hits,
    failNext(endpoint, count, status = 500) {
      const body =
        endpoint === "resend.emails"
          ? {
              statusCode: status,
              name: "internal_server_error",
              message: "An unexpected error occurred.",
            }
          : twilioError(status, status === 429 ? 20429 : 20500, "Internal Server Error");
      for (let i = 0; i < count; i++) failures[endpoint].push({ status, body });
    },
    refuseRecipient(recipient) {
      refused.add(recipient);
    },
    setLatency(ms) {
      latency = ms;
    },
    reset() {
      messages.length = 0;
      calls.length = 0;
      emails.length = 0;
      byIdempotencyKey.clear();
      refused.clear();
      latency = options.latencyMs ?? 0;
      for (const key of Object.keys(hits) as FakeEndpoint[]) {
        hits[key] = 0;
        failures[key].length = 0;
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
