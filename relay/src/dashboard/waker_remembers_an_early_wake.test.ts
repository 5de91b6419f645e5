import { describe, expect, it } from "vitest";
import { createWaker } from "./waker";

describe("the dashboard streams' waker", () => {
  it("wakes a sleeper at once", async () => {
    const waker = createWaker();
    const slept = waker.sleep(10_000);
    waker.wake();
    await expect(slept).resolves.toBe(true);
  });

  it("remembers a wake that came while nobody slept (no lost update until the heartbeat)", async () => {
    const waker = createWaker();
    waker.wake();
    const started = Date.now();
    await expect(waker.sleep(10_000)).resolves.toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    // Only once: the next sleep waits again.
    await expect(waker.sleep(20)).resolves.toBe(false);
  });

  it("times out when nothing happens", async () => {
    await expect(createWaker().sleep(20)).resolves.toBe(false);
  });
});
