import { words } from "../understanding/text";

/** The subject of a question, as it can be read back: "Zoho API v2.0 integration". */
export function topicOf(utterance: string): string {
  let t = utterance
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[?!.]+$/, "");
  t = t.replace(
    /^(?:(?:hi|hello|hey|so|okay|ok|um|uh|and|also|then)[, ]+)*(?:do you (?:guys )?(?:have|offer|support|provide|sell|do)|does (?:it|your \w+|\w+) (?:have|support|offer)|is there(?: an?| any)?|are there(?: any)?|can (?:you|i) (?:tell me about|get|use)|tell me about|what about|how about|what is|what are|what's|how does|how do i|i need|i want|i'm looking for|i am looking for)\s+/i,
    "",
  );
  t = t.replace(/^(?:an?|any|the|your)\s+/i, "");
  const integration =
    /^(integration|integrations|support|compatibility|connector)\s+(?:with|for)\s+(.+)$/i.exec(t);
  if (integration) t = `${integration[2]} ${integration[1]!.toLowerCase().replace(/s$/, "")}`;
  if (t.length > 80) t = `${t.slice(0, 77).replace(/\s+\S*$/, "")}`;
  return t.length > 0 ? t : "that";
}

/** Most consecutive words a response may share with what the visitor said. */
export const MAX_READ_BACK_WORDS = 4;

const FUNCTION_WORD =
  /^(?:a|an|the|and|or|but|for|to|of|in|on|at|with|that|this|it|me|my|you|your|i|we|is|are|be|do|does|can|could|would|will|what|how|when|where|which|who|why|thing|things|stuff|like|um|uh|er|so)$/i;

/** The longest run of consecutive words two texts share. */
export function longestSharedRun(a: string, b: string): number {
  const u = words(a);
  const r = words(b);
  let best = 0;
  for (let i = 0; i < u.length; i++)
    for (let j = 0; j < r.length; j++) {
      let n = 0;
      while (i + n < u.length && j + n < r.length && u[i + n] === r[j + n]) n++;
      best = Math.max(best, n);
    }
  return best;
}

/**
 * The topic, when it can be said back without parroting: a short name-like phrase ("hot tubs",
 * "Zoho API 2.0 integration") that shares at most four consecutive words with the
 * utterance. A broken one — a misheard fragment such as "sales for API Me 2.0", or anything
 * with words like "for", "with", "that" inside — is not restated (null).
 */
export function speakableTopic(utterance: string): string | null {
  const topic = topicOf(utterance)
    .replace(/^(?:the|a|an|your|our)\s+/i, "")
    .replace(/\bversion\s+(?=\d)/gi, "");
  if (topic === "that") return null;
  const parts = topic.split(/\s+/);
  if (parts.length > 6) return null;
  if (parts.some((w) => FUNCTION_WORD.test(w.replace(/[^\w']/g, "")))) return null;
  if (longestSharedRun(utterance, topic) > MAX_READ_BACK_WORDS) return null;
  return topic;
}

/** A topic as an entity value: "zoho_api_integration". */
export function topicSlug(topic: string): string {
  return (
    topic
      .toLowerCase()
      .replace(/v?\d+(?:\.\d+)*/g, "")
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 100) || "unknown"
  );
}
