import type { Intent } from "@parley/protocol";
import type { KnowledgeDocument } from "../retrieval/retriever";
import { contentTerms } from "../understanding/text";
import type { DialogueState } from "./dialogue-state";
import type { Draft, PlanInput } from "./draft";
import { categoryFor, teamName } from "./escalation";
import { DEFAULT_ANSWER_WORDS, fitForSpeech, speakableSentences } from "./spoken-answer";
import { speakableTopic, topicOf, topicSlug } from "./topic";

export function knowledgeIsThere(input: PlanInput): boolean {
  const top = input.passages[0]?.score ?? -1;
  return top >= input.threshold.noAnswerBelow;
}

/** A passage sentence was said when most of its content words were (a model paraphrases). */
function alreadySaid(sentence: string, spokenTerms: ReadonlySet<string>): boolean {
  const terms = contentTerms(sentence);
  return terms.length > 0 && terms.filter((t) => spokenTerms.has(t)).length / terms.length >= 0.6;
}

/**
 * A question (or something not understood that the knowledge base speaks to): a short answer
 * from the retrieved passages and, where the passage says more, one short offer; or — when they
 * do not answer it — a "don't know" about the topic with an offer of a specialist. False when
 * this turn is not a question at all.
 */
export function answerFromKnowledge(
  state: DialogueState,
  d: Draft,
  input: PlanInput,
  intent: Intent,
): boolean {
  const isQuestionIntent = intent === "policy_query" || intent === "product_query";
  if (!(isQuestionIntent || input.acts.question || (intent === "other" && knowledgeIsThere(input))))
    return false;
  const answerIntent = isQuestionIntent ? intent : "product_query";
  d.intent = answerIntent;
  const maxWords = input.site.maxAnswerWords ?? DEFAULT_ANSWER_WORDS;
  const spoken = input.knowledgeAnswer
    ? fitForSpeech(speakableSentences(input.knowledgeAnswer), maxWords)
    : [];
  if (knowledgeIsThere(input) && spoken.length > 0) {
    const best = input.passages[0]!;
    const doc = input.documents.find((x) => x.id === best.documentId) ?? {
      id: best.documentId,
      title: best.title,
      attachable: true,
    };
    d.usedKnowledge = true;
    d.stage = "resolution";
    d.source = { documentId: best.documentId, title: best.title, text: best.text };
    state.lastDocument = doc;
    state.failures = 0;
    const spokenTerms = new Set(contentTerms(spoken.join(" ")));
    const remaining = speakableSentences(best.text).filter((s) => !alreadySaid(s, spokenTerms));
    state.lastAnswer = {
      intent: answerIntent,
      documentId: best.documentId,
      title: best.title,
      text: best.text,
      remaining,
    };
    d.response = spoken.join(" ");
    // One short offer where more exists (not while a request is open: that question comes next).
    if (remaining.length > 0 && !state.task) {
      const byEmail = doc.attachable;
      d.response += ` ${byEmail ? d.say("offerByEmail", { title: best.title.toLowerCase() }) : d.say("offerMore")}`;
      state.offer = { kind: "more", action: byEmail ? "email" : "read_on" };
    }
    return true;
  }
  const topic = speakableTopic(input.utterance);
  const category = categoryFor(input.utterance, null);
  const team = teamName(d, category);
  d.entities.product_feature = topicSlug(topic ?? topicOf(input.utterance));
  d.entities.requires_human = true;
  d.response = topic
    ? d.say("noInformation", { topic, team })
    : d.say("noInformationNoTopic", { team });
  state.offer = {
    kind: "escalation",
    query: input.utterance.replace(/\s+/g, " ").trim().slice(0, 1000),
    topic,
    reason: `${category === "technical" ? "Technical query" : "Query"} outside knowledge base`,
    category,
  };
  d.stage = "escalation";
  return true;
}

/** "Tell me more": the next sentences of the last answer's passage, sized like an answer. */
export function readOn(state: DialogueState, d: Draft, input: PlanInput): void {
  const last = state.lastAnswer!;
  d.intent = last.intent;
  d.stage = "resolution";
  const next = fitForSpeech(last.remaining, input.site.maxAnswerWords ?? DEFAULT_ANSWER_WORDS);
  if (next.length === 0) {
    d.response = d.say("nothingMore");
    state.offer = { kind: "closing" };
    return;
  }
  d.usedKnowledge = true;
  d.source = { documentId: last.documentId, title: last.title, text: last.text };
  last.remaining = last.remaining.slice(next.length);
  d.response = next.join(" ");
  if (last.remaining.length > 0) {
    d.response += ` ${d.say("offerMore")}`;
    state.offer = { kind: "more", action: "read_on" };
  } else state.offer = null;
}

/** Words of a "send me …" request that do not say what to send. */
const REQUEST_WORDS = new Set(
  contentTerms(
    "send text email e-mail mail whatsapp sms message details info information link copy pop over full",
  ),
);

/**
 * The document a request names ("text me your opening times"): the best passage, when it
 * clears the threshold and shares a word with the request beyond the words of asking.
 */
export function namedDocument(input: PlanInput): KnowledgeDocument | null {
  const best = input.passages[0];
  if (!best || !knowledgeIsThere(input)) return null;
  const passage = new Set(contentTerms(`${best.title} ${best.text}`));
  const named = contentTerms(input.utterance).some((t) => !REQUEST_WORDS.has(t) && passage.has(t));
  if (!named) return null;
  return (
    input.documents.find((d) => d.id === best.documentId) ?? {
      id: best.documentId,
      title: best.title,
      attachable: true,
    }
  );
}
