import type { Slot } from "@parley/protocol";

/**
 * Every sentence the dialogue core says on its own, in one place: site owners read these in
 * replay output, and translators will want them together. Wording follows the product brief.
 */
export const say = {
  greeting: (company: string) =>
    `Hello, I'm the AI support agent of ${company}. How can I help you today?`,
  hello: () => "Hello! How can I help you today?",
  anythingElse: () => "Is there anything else I can help you with today?",
  goodbye: (company: string) => `Thank you for calling ${company}. Have a great day!`,
  goodbyeAfterComplaint: (company: string) =>
    `You're welcome! We apologize again for any inconvenience. Thank you for calling ${company}. Have a great day!`,
  whatElse: () => "Sure, what else can I help you with?",
  declinedEscalation: () => "No problem. Is there anything else I can help you with?",
  didNotCatch: () => "Sorry, I didn't catch that. Could you say that again?",
  garbage: () =>
    "I'm sorry, I didn't understand that. Could you tell me in a few words what you need?",
  notUnderstood: (company: string) =>
    `I'm sorry, I didn't quite get that. I can answer questions about ${company}'s products and policies, send you details by email, SMS or WhatsApp, schedule a callback, or check on an order. What would you like to do?`,
  offerSpecialistAfterFailures: () =>
    "I'm sorry I haven't been able to help. Would you like me to connect you with one of our specialists?",
  noInformation: (topic: string, team: string) =>
    `That's a great question. I don't have specific information about ${topic} in my current knowledge base. Let me connect you with one of our ${team} specialists who can provide detailed information. Would that work for you?`,
  transferring: (team: string, topic: string | null) =>
    topic
      ? `Perfect! I'm transferring you to our ${team} team now. They'll be able to answer all your questions about ${topic}. Please hold for a moment.`
      : `Of course. I'm transferring you to our ${team} team now. Please hold for a moment.`,
  transferringAfterFailures: (team: string) =>
    `I'm sorry I couldn't sort this out for you. I'm transferring you to our ${team} team now. Please hold for a moment.`,
  comingBack: (question: string) => `Coming back to your request: ${question}`,
  alreadySent: (what: string) => `I've already sent ${what}. It should reach you shortly.`,
};

/** One clear question per missing slot; `thing` names what is being sent ("the catalog"). */
export function questionFor(
  slot: Slot,
  ctx: { thing: string; dayWords: string | null; forCallback: boolean },
): string {
  switch (slot) {
    case "whatsapp_number":
      return `May I have your WhatsApp number to send ${ctx.thing}?`;
    case "phone":
      return ctx.forCallback
        ? "What number should we call you on?"
        : `What mobile number should I text ${ctx.thing} to?`;
    case "email":
      return `What email address should I send ${ctx.thing} to?`;
    case "callback_time":
      return ctx.dayWords
        ? `What time ${ctx.dayWords} works best for you?`
        : "What time works best for you?";
    case "order_id":
      return "May I have your order ID, please?";
    case "details_type":
      return "Which details would you like me to send: our product catalog, a policy, or your order details?";
    case "name":
      return "May I have your name, please?";
    case "issue_type":
      return "Could you tell me a little more about the problem?";
  }
}

/** Said before re-asking when the visitor's answer could not be used. */
export function invalidAnswer(slot: Slot): string {
  switch (slot) {
    case "phone":
    case "whatsapp_number":
      return "Hmm, that doesn't look like a valid phone number.";
    case "email":
      return "Hmm, that doesn't look like a valid email address.";
    case "callback_time":
      return "That time has already passed.";
    case "order_id":
      return "I couldn't find that order.";
    default:
      return "Sorry, I didn't get that.";
  }
}
