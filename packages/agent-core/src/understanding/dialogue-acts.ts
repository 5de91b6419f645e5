import { normalizeText } from "./text";

/**
 * What an utterance does in the conversation, apart from what it is about: a yes, a no, a
 * thanks, a request for a person, a correction. Context decides what a "yes" means; these only
 * recognise the words.
 */
export interface DialogueActs {
  affirmative: boolean;
  negative: boolean;
  /** "that's all", "nothing else", "bye". */
  closing: boolean;
  thanks: boolean;
  greetingOnly: boolean;
  asksForHuman: boolean;
  /** "tell me more", "go on", "carry on": read on from the last answer. */
  more: boolean;
  /** "no, my number is …", "actually …", "I meant …". */
  correction: boolean;
  question: boolean;
  /** Not something a person says: no words, markup, code or a JSON object, or a huge paste. */
  garbage: boolean;
}

const AFFIRMATIVE =
  /^(?:oh,? )?(?:yes|yeah|yep|yup|sure|ok|okay|alright|all right|please|go ahead|sounds good|that works|that would work|that'd be great|of course|definitely|absolutely|please do|do it|connect me|yes please|go on(?: then)?|go for it|why not|if you could|that would be (?:great|good|lovely|helpful)|lovely|brilliant|perfect)\b/;
const NEGATIVE =
  /^(?:no|nope|nah|not really|no thanks|no thank you|not now|don't|do not|never mind|nevermind|you'?re (?:alright|all right|ok|okay|fine)|i'?m (?:alright|all right|ok|okay|fine)|no need|i'?ll pass|not (?:right )?now|not today)\b/;
const CLOSING =
  /\b(?:that'?s all|that is all|that'?s it|that'?s fine|nothing else|nothing more|no more questions|i'?m good|i am good|i'?m done|bye|goodbye|good bye|have a (?:good|great|nice) day|that will be all|all set|that should be all|that'?s everything|that is everything|that'?s me(?: sorted| done)?|i'?m sorted|all sorted|all good)\b/;
const THANKS = /\b(?:thanks|thank you|thank u|thx|appreciate it|much appreciated|cheers|ta)\b/;
const GREETING =
  /^(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|namaste)(?:\s+(?:there|again|team|everyone|all))?[\s!.,]*$/;
const HUMAN =
  /\b(?:human|real person|live (?:agent|person)|actual person|someone real|representative|operator|speak (?:to|with) (?:someone|somebody|a person|an agent|a manager|your manager|support)|talk (?:to|with) (?:someone|somebody|a person|an agent|a manager|your manager)|transfer me|connect me (?:to|with) (?:someone|somebody|a person|an agent|a human|support)|a manager|supervisor|put me through|(?:to|with) (?:a|an) (?:real |actual |live )?person)\b/;
const MORE =
  /^(?:(?:yes|yeah|ok|okay|oh|and|so|please|right)[, ]+)*(?:tell me more|go on|carry on|keep going|more please|more details|say more|continue|what else does it say)\b/;
const CORRECTION =
  /^(?:no|nope|sorry|oops|wait|actually)\b|\b(?:i meant|i mean|not that|wrong (?:number|email|time)|instead|correction|change (?:it|that) to|make it)\b/;
/**
 * Speech-to-text often drops the question mark, and a question may follow a preface ("Okay, I
 * didn't get any notification, but you sure it comes today." was Whisper's for "… Are you sure
 * it comes today?"), so "(are) you sure" counts wherever it is.
 */
const QUESTION =
  /\?|^(?:what|how|why|when|where|which|who|do|does|did|is|are|can|could|will|would|should|have|has)\b|\b(?:are )?you sure\b/;

export function looksLikeGarbage(raw: string): boolean {
  if (raw.length > 2000) return true;
  const letters = raw.match(/[A-Za-z]/g)?.length ?? 0;
  const digits = raw.match(/\d/g)?.length ?? 0;
  const visible = raw.replace(/\s/g, "").length;
  if (visible === 0) return false; // silence is handled separately
  if (letters + digits === 0) return true;
  // Mostly symbols or replacement characters: bytes, not speech.
  if ((letters + digits) / visible < 0.6) return true;
  // Markup, JSON or code pasted as an utterance is never acted on.
  if (/[{}<>]|"\s*:|\\[nu"]|\bfunction\s*\(|=>/.test(raw)) return true;
  return false;
}

export function dialogueActs(raw: string): DialogueActs {
  const t = normalizeText(raw);
  const closing = CLOSING.test(t);
  return {
    affirmative: AFFIRMATIVE.test(t),
    negative: NEGATIVE.test(t),
    closing,
    thanks: THANKS.test(t),
    greetingOnly: GREETING.test(t),
    asksForHuman: HUMAN.test(t),
    more: MORE.test(t),
    correction: CORRECTION.test(t),
    question: QUESTION.test(t),
    garbage: looksLikeGarbage(raw),
  };
}
