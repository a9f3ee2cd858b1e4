// Our own timeout instead of the SDK's: the SDK's stops counting once response headers arrive
// (a server going silent mid-stream would hang forever), and how its timeout surfaces depends
// on which realm created the fetch error. This one is explicit: it aborts `signal` and says so.

export class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private readonly forward: () => void;
  /** True once the time ran out (as opposed to the caller aborting). */
  expired = false;

  /** `signal` aborts when `parent` does or when `ms` pass without a `restart()`. */
  constructor(
    readonly ms: number,
    private readonly parent?: AbortSignal,
  ) {
    this.forward = () => this.controller.abort(parent?.reason);
    parent?.addEventListener('abort', this.forward, { once: true });
    this.restart();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Starts counting again: called whenever the server shows signs of life. */
  restart(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort();
    }, this.ms);
  }

  /** Stops counting while we, not the server, are busy (e.g. in the caller's onDelta). */
  pause(): void {
    clearTimeout(this.timer);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.parent?.removeEventListener('abort', this.forward);
  }
}
