import type { EventState } from '../../domain/events';
import type { EventBus, EventStateListener } from './event-bus';

/** Embedded mode: one process, so every listener is here and none ever misses a change (no resync). */
export class MemoryEventBus implements EventBus {
  private listeners = new Map<string, Set<EventStateListener>>();

  publish(state: EventState): void {
    for (const listener of this.listeners.get(state.event_id) ?? []) listener(state);
  }

  subscribe(eventId: string, listener: EventStateListener): () => void {
    let listeners = this.listeners.get(eventId);
    if (!listeners) this.listeners.set(eventId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.listeners.get(eventId) === listeners) this.listeners.delete(eventId);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
