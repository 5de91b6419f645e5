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

/** Longest topic read back to the visitor, in words: more would be parroting a transcript. */
export const MAX_SPOKEN_TOPIC_WORDS = 4;

const FUNCTION_WORD =
  /^(?:a|an|the|and|or|but|for|to|of|in|on|at|with|that|this|it|me|my|you|your|i|we|is|are|be|do|does|can|could|would|will|what|how|when|where|which|who|why|thing|things|stuff|like|um|uh|er|so)$/i;

/**
 * The topic, when it can be said back without parroting: a short name-like phrase
 * ("hot tubs", "a store in Delhi", "Zoho API v2.0 integration"). A long or broken one — a misheard fragment
 * such as "sales for API Me 2.0" — is not restated (null): the agent speaks without it.
 */
export function speakableTopic(utterance: string): string | null {
  const topic = topicOf(utterance);
  if (topic === "that") return null;
  const words = topic.split(/\s+/);
  if (words.length > MAX_SPOKEN_TOPIC_WORDS) return null;
  // What is left of a question that did not parse ("that work with an app", "me 2.0").
  const edge = (w: string) => FUNCTION_WORD.test(w.replace(/[^\w']/g, ""));
  if (edge(words[0]!) || edge(words.at(-1)!)) return null;
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
