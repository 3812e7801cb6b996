import type { Voter } from '../domain/voter';
import type { LiveFrame } from './live-frames';
import type { LivePosition } from './live-messages';

/** One viewer's connection as the hub sees it (an SSE response, or one poll of a WebSocket). */
export interface ViewerChannel {
  send(frame: LiveFrame): void;
  /** True while the socket's buffer is full: the viewer skips updates instead of queueing them. */
  readonly congested: boolean;
  /** Calls back once after the buffer drained; the returned function cancels. */
  onceDrained(listener: () => void): () => void;
  /** Writes something small so idle proxies keep the connection (an SSE comment line). */
  keepAlive?(): void;
  /** Nothing more will come: the poll was deleted, or this server is stopping (`restart`: come back elsewhere). */
  end(reason?: 'restart'): void;
}

/** Who watches: the admin sees counts always; a voter may see them once their ballot is in. */
export type Watcher = { admin: boolean; voter?: Voter | undefined };

/** A viewer of one poll: where it stands, and whether it waits for its socket to drain. */
export type Viewer = {
  channel: ViewerChannel;
  seen?: LivePosition;
  /** Whether the last frame it got carried counts. */
  sawCounts?: boolean;
  /** The number of viewers its last frame carried. */
  sawViewers?: number;
  cancelDrain?: () => void;
  left: boolean;
  watcher: Watcher;
  /** The viewer's ballotKey in this poll, while it has a voter. */
  ballotKey?: string;
  /** Whether it has a ballot in the poll; undefined until asked (only polls that show counts after a vote ask). */
  voted?: boolean;
};
