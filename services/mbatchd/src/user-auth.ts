import * as grpc from '@grpc/grpc-js';
import { MUNGE_HEADER, verifyMungeCredential } from '../../common/src/munge';
import type { UserAuthMode } from '../../common/src/security-settings';
import { UserNames } from '../../common/src/user-names';

/** The user a command's request acts for. */
export interface Requester {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export type Identification = { ok: true; user: Requester } | { ok: false; reason: string };

/**
 * Credentials munged decodes for us at once, and requests that may wait; more are refused.
 * munged's two threads stay busy with a few dozen in flight: the bench's throughput rose from
 * 8 to 32, and 64 did no better.
 */
const MAX_RUNNING = 32;
const MAX_WAITING = 512;

/**
 * Learns who sent a command's request. With MUNGE (the default) only the credential counts and
 * whatever user the payload names is ignored; with LSF_AUTH=trust the payload's user is taken
 * as said. munged decodes a few credentials at a time, so a flood of requests holds no more
 * than a bounded queue.
 */
export class UserAuthenticator {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly names = new UserNames();

  constructor(readonly mode: UserAuthMode) {}

  async identify(metadata: grpc.Metadata, claimed: Requester): Promise<Identification> {
    if (this.mode === 'trust') {
      return { ok: true, user: claimed };
    }
    const value = metadata.get(MUNGE_HEADER)[0];
    const credential = typeof value === 'string' ? value : undefined;
    if (credential === undefined) {
      return { ok: false, reason: 'no MUNGE credential in the request' };
    }
    if (this.running >= MAX_RUNNING) {
      if (this.waiting.length >= MAX_WAITING) {
        return { ok: false, reason: 'mbatchd is busy authenticating users; try again' };
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }

    this.running++;
    try {
      return await verifyMungeCredential(credential, this.names);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
