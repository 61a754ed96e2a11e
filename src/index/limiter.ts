/**
 * A counting semaphore: at most `limit` tasks run at once, the rest wait in
 * FIFO order. Used to bound parallel HTTP requests.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError("Limiter needs a limit of at least 1");
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the first waiter, so a
    // newcomer can never slip in between and exceed the limit.
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }

  /** Tasks currently running. */
  get running(): number {
    return this.active;
  }
}
