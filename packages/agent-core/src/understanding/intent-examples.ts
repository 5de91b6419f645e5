import type { Intent } from "@parley/protocol";

/**
 * Example phrasings per intent. The Lite brain compares an utterance with these (by embedding
 * when an embedder is loaded, by words otherwise) when no keyword rule is decisive. Add lines
 * here to teach it a new way of saying something; keep them short and typical.
 */
export const INTENT_EXAMPLES: Readonly<Record<Exclude<Intent, "other">, readonly string[]>> = {
  policy_query: [
    "what is your refund policy",
    "how do returns work",
    "can I return a product",
    "how long does shipping take",
    "what does the warranty cover",
    "how do I cancel my order",
    "what are your terms",
    "do you offer a money back guarantee",
    "how long do refunds take",
  ],
  product_query: [
    "do you have an integration with my crm",
    "does the laptop have a backlit keyboard",
    "what products do you sell",
    "how much does it cost",
    "what are the specifications",
    "is it compatible with mac",
    "which model do you recommend",
    "do you support single sign on",
  ],
  send_details_email: [
    "send me the policy by email",
    "can you email me the details",
    "mail me the full policy",
    "send it to my email",
  ],
  send_details_whatsapp: [
    "send me the catalog on whatsapp",
    "whatsapp me the product list",
    "share the brochure on whatsapp",
  ],
  send_details_sms: [
    "text me the details",
    "send me an sms with the link",
    "send it by text message",
  ],
  callback_request: [
    "I want to schedule a callback",
    "can someone call me back",
    "please call me tomorrow",
    "I would like a call back",
    "have an agent phone me",
  ],
  complaint: [
    "I haven't received my order",
    "my laptop arrived damaged",
    "this is unacceptable",
    "I received the wrong item",
    "I was charged twice",
    "I want to make a complaint",
    "my order is late",
  ],
  order_status: [
    "where is my order",
    "what is the status of my order",
    "track my order",
    "when will my package arrive",
    "has my order shipped",
  ],
  escalation_request: [
    "I want to talk to a human",
    "connect me to an agent",
    "let me speak to a manager",
    "transfer me to a real person",
  ],
  greeting: ["hi", "hello", "good morning", "hey there"],
  goodbye: ["bye", "that's all thank you", "no that's all", "goodbye", "nothing else thanks"],
};
