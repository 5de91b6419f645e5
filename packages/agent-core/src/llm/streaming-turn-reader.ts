import { BrainOutputError } from "../errors";

/**
 * Reads an LLM's agent-turn JSON token by token. While the JSON is still open it hands back
 * each new piece of `immediate_response` (decoded: escapes, \u sequences, surrogate pairs), so
 * speech can start on the first sentence; at the end it returns the parsed object or throws a
 * `BrainOutputError` ("truncated" when the JSON never closed, "invalid_json" otherwise).
 *
 * Usage: `const r = new StreamingTurnReader(); for (tok of tokens) speak(r.push(tok)); r.end()`.
 * The field may come anywhere in the object; only its first occurrence at the top level streams.
 */
export class StreamingTurnReader {
  private raw = "";
  private started = false;
  private done = false;
  private stack: ("{" | "[")[] = [];
  private inString = false;
  private escape: "" | "\\" | "u" = "";
  private hex = "";
  private pendingHigh = "";
  /** Top level: is the next string a key? */
  private expectKey = false;
  private key = "";
  private readingKey = false;
  private lastKey: string | null = null;
  private streaming = false;
  private streamed = false;
  private response = "";

  /** The decoded `immediate_response` so far. */
  get responseSoFar(): string {
    return this.response;
  }

  /** Feed raw model text; returns the new part of `immediate_response` ("" when none). */
  push(chunk: string): string {
    let out = "";
    for (const ch of chunk) {
      if (this.done) {
        if (!/\s|`/.test(ch)) this.raw += ch; // trailing garbage makes end() fail
        continue;
      }
      if (!this.started) {
        // Whitespace or a ```json fence may precede the object; anything else fails in end().
        this.raw += ch;
        if (ch === "{") {
          this.started = true;
          this.stack.push("{");
          this.expectKey = true;
        }
        continue;
      }
      this.raw += ch;
      if (this.inString) {
        out += this.stringChar(ch);
        continue;
      }
      const topLevel = this.stack.length === 1 && this.stack[0] === "{";
      switch (ch) {
        case '"':
          this.inString = true;
          if (topLevel && this.expectKey) {
            this.readingKey = true;
            this.key = "";
          } else if (topLevel && this.lastKey === "immediate_response" && !this.streamed) {
            this.streaming = true;
          }
          break;
        case ":":
          if (topLevel) this.expectKey = false;
          break;
        case ",":
          if (topLevel) {
            this.expectKey = true;
            this.lastKey = null;
          }
          break;
        case "{":
        case "[":
          this.stack.push(ch);
          break;
        case "}":
        case "]":
          this.stack.pop();
          if (this.stack.length === 0) this.done = true;
          break;
      }
    }
    this.response += out;
    return out;
  }

  private stringChar(ch: string): string {
    if (this.escape === "u") {
      this.hex += ch;
      if (this.hex.length < 4) return "";
      const code = parseInt(this.hex, 16);
      this.escape = "";
      this.hex = "";
      if (Number.isNaN(code)) return "";
      return this.emit(String.fromCharCode(code));
    }
    if (this.escape === "\\") {
      this.escape = "";
      if (ch === "u") {
        this.escape = "u";
        return "";
      }
      const map: Record<string, string> = {
        n: "\n",
        t: "\t",
        r: "\r",
        b: "\b",
        f: "\f",
        '"': '"',
        "\\": "\\",
        "/": "/",
      };
      return this.emit(map[ch] ?? ch);
    }
    if (ch === "\\") {
      this.escape = "\\";
      return "";
    }
    if (ch === '"') {
      this.inString = false;
      if (this.readingKey) {
        this.readingKey = false;
        this.lastKey = this.key;
      }
      if (this.streaming) {
        this.streaming = false;
        this.streamed = true;
        const rest = this.pendingHigh;
        this.pendingHigh = "";
        return rest;
      }
      return "";
    }
    return this.emit(ch);
  }

  /** Route one decoded character to the key being read or the streamed response. */
  private emit(decoded: string): string {
    if (this.readingKey) {
      this.key += decoded;
      return "";
    }
    if (!this.streaming) return "";
    const code = decoded.charCodeAt(0);
    // Hold a high surrogate until its pair arrives, so no increment carries half a character.
    if (decoded.length === 1 && code >= 0xd800 && code <= 0xdbff) {
      this.pendingHigh = decoded;
      return "";
    }
    const out = this.pendingHigh + decoded;
    this.pendingHigh = "";
    return out;
  }

  /** The complete object. Throws `BrainOutputError` when the output is not one JSON object. */
  end(): unknown {
    const text = this.raw
      .trim()
      .replace(/^```(?:json)?\s*/i, "")
      .replace(/\s*```$/, "");
    if (!this.started) throw new BrainOutputError("invalid_json", "the model wrote no JSON object");
    if (!this.done || this.inString)
      throw new BrainOutputError("truncated", "the model's JSON ended before it was complete");
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new BrainOutputError(
        "invalid_json",
        `the model's output is not valid JSON (${(error as Error).message})`,
      );
    }
  }
}
