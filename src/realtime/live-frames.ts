import type { PollUpdate } from '../adapters/poll-bus/poll-bus';
import type { EventState } from '../domain/events';
import type { EventUpdatedMessage, LiveMessage, PollUpdatedMessage, VoteSubmittedMessage } from './live-messages';

/**
 * Live messages in their wire forms. One JSON body serves both transports: SSE wraps it in
 * `id:`/`event:`/`data:` lines, WebSocket sends it as one text message.
 */

/**
 * The state as a viewer who may (`visible`) or may not see the counts gets it: two audiences, two
 * frames. `viewers` is the same for both: how many watch the poll (docs/REALTIME.md, "Watching now").
 */
export function pollUpdatedMessage(state: PollUpdate, visible: boolean, viewers: number): PollUpdatedMessage {
  const message: PollUpdatedMessage = {
    type: 'poll_updated',
    poll_id: state.poll_id,
    seq: state.seq,
    options: visible ? state.options : state.options.map((option) => ({ id: option.id, count: null })),
    total_votes: state.total_votes,
    is_active: state.is_active,
    results_visibility: state.results_visibility,
    results_visible: visible,
    revision: state.revision,
    viewers,
  };
  if (state.results) message.results = visible ? state.results : null;
  if (state.deleted) message.deleted = true;
  return message;
}

export function voteSubmittedMessage(state: PollUpdate, optionId: string, viewers: number): VoteSubmittedMessage {
  const option = state.options.find((o) => o.id === optionId);
  return {
    type: 'vote_submitted',
    poll_id: state.poll_id,
    seq: state.seq,
    option_id: optionId,
    new_count: option?.count ?? 0,
    total_votes: state.total_votes,
    viewers,
  };
}

export function eventUpdatedMessage(state: EventState): EventUpdatedMessage {
  return { type: 'event_updated', ...state };
}

/** A message encoded at most once per transport, however many viewers receive it. */
export class LiveFrame {
  private json?: string;
  private sseBytes?: Buffer;
  private sseChunkBytes?: Buffer;
  private wsBytes?: Buffer;

  constructor(readonly message: LiveMessage | EventUpdatedMessage) {}

  private body(): string {
    return (this.json ??= JSON.stringify(this.message));
  }

  get sse(): Buffer {
    return (this.sseBytes ??= Buffer.from(
      `id: ${this.message.seq}\nevent: ${this.message.type}\ndata: ${this.body()}\n\n`,
    ));
  }

  /** `sse` as one HTTP/1.1 chunk, framed once for every viewer (see sse-stream.ts). */
  get sseChunk(): Buffer {
    return (this.sseChunkBytes ??= httpChunk(this.sse));
  }

  get ws(): Buffer {
    return (this.wsBytes ??= Buffer.from(this.body()));
  }
}

/** Bytes framed as one chunk of an HTTP/1.1 chunked body: size in hex, CRLF, the bytes, CRLF. */
export function httpChunk(bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);
}
