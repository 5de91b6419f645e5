/**
 * The proactive greeting: when the call opens and the visitor says nothing for `afterMs`, the
 * agent speaks first ("Hello, I'm the AI support agent of TechCorp…"). Any speech before then
 * cancels it — the visitor has already started.
 */
export class GreetingTimer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private done = false;

  constructor(
    private readonly afterMs: number,
    private readonly greet: () => void,
    private readonly timers: {
      set: (fn: () => void, ms: number) => ReturnType<typeof setTimeout>;
      clear: (timer: ReturnType<typeof setTimeout>) => void;
    } = { set: (fn, ms) => setTimeout(fn, ms), clear: (t) => clearTimeout(t) },
  ) {}

  /** Start (or restart) the silence countdown. */
  start(): void {
    if (this.done) return;
    this.stop();
    this.timer = this.timers.set(() => {
      this.timer = null;
      if (this.done) return;
      this.done = true;
      this.greet();
    }, this.afterMs);
  }

  /** Speech began, or the visitor typed: no greeting any more. */
  cancel(): void {
    this.done = true;
    this.stop();
  }

  /** Speech started but was a misfire: keep waiting from now. */
  restart(): void {
    if (!this.done) this.start();
  }

  get pending(): boolean {
    return this.timer !== null;
  }

  private stop(): void {
    if (this.timer) this.timers.clear(this.timer);
    this.timer = null;
  }
}

export const greetingText = (company: string): string =>
  `Hello, I'm the AI support agent of ${company}. How can I help you today?`;
