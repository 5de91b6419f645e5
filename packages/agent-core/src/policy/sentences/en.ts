/**
 * Every sentence the dialogue core says on its own, in English, keyed by id. `{name}` marks a
 * value filled in when the sentence is said. Wording follows the product brief; a second
 * language is a second catalogue with the same ids (see `catalogue.ts`).
 */
export const EN = {
  // Opening and closing
  greeting: "Hello, I'm the AI support agent of {company}. How can I help you today?",
  hello: "Hello! How can I help you today?",
  anythingElse: "Is there anything else I can help you with today?",
  anythingElseShort: "Is there anything else I can help you with?",
  goodbye: "Thank you for calling {company}. Have a great day!",
  goodbyeAfterComplaint:
    "You're welcome! We apologize again for any inconvenience. Thank you for calling {company}. Have a great day!",
  whatElse: "Sure, what else can I help you with?",
  declinedEscalation: "No problem. Is there anything else I can help you with?",
  declinedOffer: "No problem. Is there anything else I can help you with?",

  // Not understood
  didNotCatch: "Sorry, I didn't catch that. Could you say that again?",
  garbage: "I'm sorry, I didn't understand that. Could you tell me in a few words what you need?",
  notUnderstood:
    "I'm sorry, I didn't quite get that. I can answer questions about {company}'s products and policies, send you details by email, SMS or WhatsApp, schedule a callback, or check on an order. What would you like to do?",
  notUnderstoodShort: "I'm sorry, I didn't quite get that.",
  offerSpecialistAfterFailures:
    "I'm sorry I haven't been able to help. Would you like me to connect you with one of our specialists?",

  // Knowledge
  noInformation:
    "That's a great question. I don't have specific information about {topic} in my current knowledge base. Let me connect you with one of our {team} specialists who can provide detailed information. Would that work for you?",
  noInformationNoTopic:
    "I'm sorry, I don't have specific information about that in my current knowledge base. Let me connect you with one of our {team} specialists. Would that work for you?",
  offerByEmail: "Would you like the full {title} details by email?",
  offerMore: "Would you like to hear more?",
  nothingMore: "That's everything I have on that. Is there anything else I can help you with?",

  // Escalation
  transferringAbout:
    "Perfect! I'm transferring you to our {team} team now. They'll be able to answer all your questions about {topic}. Please hold for a moment.",
  transferring: "Of course. I'm transferring you to our {team} team now. Please hold for a moment.",
  transferringAfterFailures:
    "I'm sorry I couldn't sort this out for you. I'm transferring you to our {team} team now. Please hold for a moment.",
  teamTechnical: "technical",
  teamBilling: "billing",
  teamDelivery: "delivery",
  teamGeneral: "support",

  // Slot questions
  comingBack: "Coming back to your request: {question}",
  askWhatsappNumber: "May I have your WhatsApp number to send {thing}?",
  askPhoneForCallback: "What number should we call you on?",
  askPhoneForText: "What mobile number should I text {thing} to?",
  askEmail: "What email address should I send {thing} to?",
  askCallbackTimeOnDay: "What time {day} works best for you?",
  askCallbackTime: "What time works best for you?",
  askOrderId: "May I have your order ID, please?",
  askDetailsType:
    "Which details would you like me to send: our product catalog, a policy, or your order details?",
  askName: "May I have your name, please?",
  askIssue: "Could you tell me a little more about the problem?",
  invalidPhone: "Hmm, that doesn't look like a valid phone number.",
  invalidEmail: "Hmm, that doesn't look like a valid email address.",
  invalidCallbackTime: "That time has already passed.",
  invalidOrderId: "I couldn't find that order.",
  invalidOther: "Sorry, I didn't get that.",
  leadInSure: "Sure!",
  leadInThanks: "Thank you.",
  leadInCallback: "I'd be happy to schedule that.",

  // Sending details
  emailSending: "Absolutely! I'll send {thing} to your email right away.",
  emailSent: "Your request has been logged. You'll receive {thing} via email shortly.",
  whatsappSending: "Perfect! I'll send {thing} to your WhatsApp at {number} right away.",
  whatsappSent: "You should receive {thing} on WhatsApp in the next few seconds.",
  smsSending: "Sure! I'll text {thing} to {number} right away.",
  alreadySent: "I've already sent {thing}. It should reach you shortly.",
  thingCatalog: "the product catalog",
  thingCatalogShort: "the catalog",
  thingTracking: "the tracking link",
  thingOrderDetails: "your order details",
  thingDocument: "the complete {title}",
  thingDocumentShort: "the {title}",
  thingPolicy: "the policy",
  thingTyped: "the {type} details",
  thingDetails: "the details",

  // Callback
  callbackScheduled:
    "Perfect! I'll schedule a callback for {when}. You'll receive a confirmation SMS shortly.",

  // Orders and complaints
  apologyDelay:
    "I sincerely apologize for the delay. I understand how frustrating this must be. Let me check your order status right away.",
  apologyDamaged:
    "I sincerely apologize that it arrived damaged. I understand how frustrating this must be. Let me check your order status right away.",
  apologyOther:
    "I sincerely apologize for the trouble. I understand how frustrating this must be. Let me check your order status right away.",
  complaintLogged:
    "I'm sorry about that. I've logged a support ticket and our {team} team will follow up with you.",
  complaintLoggedUrgent:
    "I'm sorry about that. I've logged a high-priority support ticket and our {team} team will follow up with you.",
  orderChecked: "I've checked order {orderId}.",
  complaintOrderChecked: "Thank you. I've checked order {orderId}.",
  yourOrder: "your order",
  yourProduct: "your {product}",
  orderMoving: "{thing} is {status}{rightNow}{eta}.",
  orderMovingGoodNews: "Good news - {thing} is actually {status}{rightNow}{eta}.",
  orderRightNow: " right now",
  orderReachBy: " and should reach you {eta}",
  orderDelivered: "Our records show {thing} as delivered.",
  orderStatusIs: "The status of {thing} is: {status}{eta}.",
  orderExpected: ", expected {eta}",
  alsoSmsAndEmail: "I'll also send you a tracking link via SMS and the details by email.",
  alsoSms: "I'll also send you a tracking link via SMS.",
  alsoEmail: "I'll also email you the details.",
  flaggedToDelivery: "I've flagged this to our delivery team and they will follow up with you.",
  confirmYes: "Yes, absolutely.",
  remindSms: "I've also sent you a tracking link via SMS so you can monitor it in real time.",
  remindEmail: "I've sent a detailed email with all the information.",
  remindEmailToo: "Plus, I've sent a detailed email with all the information.",
} as const;
