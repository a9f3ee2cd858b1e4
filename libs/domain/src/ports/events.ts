import type { PlatformEvent } from '@assistants/common';

// The event contract lives in libs/common (shared with the gateway and the web app).
export type { PlatformEvent } from '@assistants/common';

export interface EventPublisher {
  publish(event: PlatformEvent): void;
}

export interface EventSubscriber {
  subscribe(listener: (event: PlatformEvent) => void): () => void;
}
