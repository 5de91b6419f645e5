import type { AgentReply, ReplyInterruption, ReplySentence } from "../core/agent-reply";
import { TurnClock } from "../timing/turn-clock";
import type { Speaker } from "../tts/speaker";
import { BargeInDetector } from "./barge-in-detector";

export interface AgentVoiceHooks {
  /** A sentence is about to be said (the agent's state becomes "speaking"). */
  onSpeaking(): void;
  /** The visitor spoke over the agent: its voice has already been stopped. */
  onInterrupted(interruption: ReplyInterruption): void;
}

/**
 * The agent's side of the conversation's audio: it says the sentences of a reply through the
 * speaker stage, knows whether it is speaking, and watches the listening stage's frames for the
 * visitor talking over it (barge-in), which stops the voice at once.
 */
export class AgentVoice {
  private speakingNow = false;

  constructor(
    readonly speaker: Speaker,
    private readonly hooks: AgentVoiceHooks,
    readonly bargeIn = new BargeInDetector(),
  ) {}

  /** True from the first sentence handed to the speaker until the last one ends or is stopped. */
  get speaking(): boolean {
    return this.speakingNow;
  }

  /** Says one sentence of `reply` (queued behind the ones before it); resolves when it is over. */
  async say(reply: AgentReply, sentence: string, clock: TurnClock): Promise<void> {
    if (reply.aborted) return;
    this.speakingNow = true;
    this.bargeIn.arm();
    this.hooks.onSpeaking();
    const entry: ReplySentence = { text: sentence.trim(), audibleAt: null, outcome: null };
    reply.sentences.push(entry);
    const off = this.speaker.on("audible", ({ text, at }) => {
      clock.mark("audible", at);
      if (text === entry.text) entry.audibleAt ??= at;
    });
    try {
      entry.outcome = await this.speaker.speak(sentence);
    } finally {
      off();
      if (!this.speaker.speaking) {
        this.speakingNow = false;
        this.bargeIn.disarm();
      }
    }
  }

  /** Says several sentences of `reply` in order (notices, follow-ups, the greeting). */
  async sayAll(reply: AgentReply, sentences: string[]): Promise<void> {
    const clock = new TurnClock();
    await Promise.all(sentences.map((s) => this.say(reply, s, clock)));
  }

  /** One frame of the listening stage: a barge-in while speaking stops the voice. */
  frame(probability: number, level: number, at: number): void {
    const speechAt = this.bargeIn.frame(probability, level, at);
    if (speechAt === null || !this.speakingNow) return;
    this.speaker.cancel();
    const stoppedAt = performance.now();
    this.speakingNow = false;
    this.hooks.onInterrupted({ speechAt, stoppedAt });
  }

  /** Stops speaking now and drops what was queued (a new turn, hang-up). */
  stop(): void {
    if (this.speaker.speaking) this.speaker.cancel();
    this.speakingNow = false;
    this.bargeIn.disarm();
  }
}
