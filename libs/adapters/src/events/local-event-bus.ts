import { EventEmitter } from 'node:events';
import type { EventPublisher, EventSubscriber, PlatformEvent } from '@assistants/domain';

/** Events within one process: the embedded mode, and the API's fan-out to its WebSocket clients. */
export class LocalEventBus implements EventPublisher, EventSubscriber {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(event: PlatformEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: PlatformEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
