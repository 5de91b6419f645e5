import type { Intent } from "@parley/protocol";
import type { DialogueState } from "./dialogue-state";
import type { Draft, PlanInput } from "./draft";
import { categoryFor, teamName } from "./escalation";
import { speakableTopic, topicOf, topicSlug } from "./topic";

export function knowledgeIsThere(input: PlanInput): boolean {
  const top = input.passages[0]?.score ?? -1;
  return top >= input.threshold.noAnswerBelow;
}

/**
 * A question (or something not understood that the knowledge base speaks to): the answer from
 * the retrieved passages, or — when they do not answer it — a "don't know" about the topic with
 * an offer of a specialist. False when this turn is not a question at all.
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
  d.intent = isQuestionIntent ? intent : "product_query";
  if (knowledgeIsThere(input) && input.knowledgeAnswer) {
    const best = input.passages[0]!;
    d.response = input.knowledgeAnswer;
    d.usedKnowledge = true;
    d.stage = "resolution";
    d.source = { documentId: best.documentId, title: best.title, text: best.text };
    state.lastDocument = input.documents.find((doc) => doc.id === best.documentId) ?? {
      id: best.documentId,
      title: best.title,
      attachable: true,
    };
    state.failures = 0;
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
