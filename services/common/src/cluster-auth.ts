import crypto from 'node:crypto';
import fs from 'node:fs';

/** The daemons that sign requests; a protected method names the one it accepts. */
export type DaemonRole = 'lim' | 'mbatchd' | 'sbatchd';

/** Metadata a daemon adds to each request it sends. */
export const REQUEST_HEADER = 'x-lavalite-cluster-auth';
/** Metadata a daemon adds to its reply to a signed request, proving it holds the key too. */
export const REPLY_HEADER = 'x-lavalite-cluster-reply';

/** A request older or newer than this (clock skew included) is refused. */
export const DEFAULT_WINDOW_MS = 30_000;
/** Nonces remembered at most; a flood beyond this is refused rather than held in memory. */
export const DEFAULT_REPLAY_CAPACITY = 100_000;
/** Shorter keys are refused: 32 bytes is what `make install` generates. */
const MIN_KEY_BYTES = 32;
const ROLES: readonly string[] = ['lim', 'mbatchd', 'sbatchd'];
const VERSION = 'v1';

/** Why a key file cannot serve as the cluster key. */
export class ClusterKeyError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`cluster key ${file}: ${reason}`);
    this.name = 'ClusterKeyError';
  }
}

/** A verified request: who signed it and the nonce its reply must answer. */
export interface SignedRequest {
  readonly role: DaemonRole;
  readonly nonce: string;
}

export type Verification = { ok: true; request: SignedRequest } | { ok: false; reason: string };

/** What a client keeps of a request it signed, to check the reply. */
export interface SentRequest {
  readonly header: string;
  readonly nonce: string;
}

export interface ClusterAuthOptions {
  windowMs?: number;
  replayCapacity?: number;
  now?: () => number;
}

/**
 * Reads the cluster key. Only its owner may read it (mode 0600 or stricter, not a link): a key
 * other users can read lets them join the cluster, so such a file is refused, not used.
 */
export function readClusterKey(file: string): Buffer {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (error) {
    throw new ClusterKeyError(file, `cannot read: ${(error as Error).message}`);
  }
  if (!stat.isFile()) {
    throw new ClusterKeyError(file, 'not a regular file');
  }
  if ((stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8);
    throw new ClusterKeyError(file, `mode ${mode} lets other users read it; use chmod 600`);
  }
  let key: Buffer;
  try {
    key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'utf8');
  } catch (error) {
    throw new ClusterKeyError(file, `cannot read: ${(error as Error).message}`);
  }
  if (key.length < MIN_KEY_BYTES) {
    throw new ClusterKeyError(file, `shorter than ${MIN_KEY_BYTES} bytes`);
  }
  return key;
}

/**
 * Membership proof between daemons, from one secret key shared by every host of the cluster.
 * A request carries `v1:<role>:<time ms>:<nonce>:<HMAC-SHA256 over them and the method>`; the
 * receiver checks the MAC, that the time is within the window and that the nonce was not seen
 * before. The reply carries an HMAC over the method and the nonce, so that the sender knows it
 * reached a daemon of the cluster too. Message bodies are not covered (see the README).
 */
export class ClusterAuth {
  private readonly seen = new Map<string, number>();
  private readonly windowMs: number;
  private readonly replayCapacity: number;
  private readonly now: () => number;

  constructor(
    private readonly key: Buffer,
    readonly role: DaemonRole,
    options: ClusterAuthOptions = {},
  ) {
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.replayCapacity = options.replayCapacity ?? DEFAULT_REPLAY_CAPACITY;
    this.now = options.now ?? Date.now;
  }

  /** Signs one request to `method` (a gRPC path such as /lavalite.v1.SbatchdService/StartJob). */
  sign(method: string): SentRequest {
    const nonce = crypto.randomBytes(16).toString('hex');
    const time = String(this.now());
    const mac = this.mac(['request', this.role, method, time, nonce]);
    return { header: [VERSION, this.role, time, nonce, mac].join(':'), nonce };
  }

  /** Checks a request's header; a good one is remembered so that it cannot be used again. */
  verify(method: string, header: string | undefined): Verification {
    if (header === undefined || header === '') {
      return { ok: false, reason: 'cluster authentication required' };
    }
    const parts = header.split(':');
    if (parts.length !== 5 || parts[0] !== VERSION) {
      return { ok: false, reason: 'malformed cluster authentication' };
    }
    const [, role, time, nonce, mac] = parts;
    if (!ROLES.includes(role) || !/^\d{1,15}$/.test(time) || !/^[0-9a-f]{32}$/.test(nonce)) {
      return { ok: false, reason: 'malformed cluster authentication' };
    }
    if (!this.macMatches(mac, ['request', role, method, time, nonce])) {
      return { ok: false, reason: 'bad cluster authentication signature' };
    }
    const nowMs = this.now();
    if (Math.abs(nowMs - Number(time)) > this.windowMs) {
      return { ok: false, reason: 'cluster authentication expired (are the clocks in step?)' };
    }
    const remembered = this.remember(nonce, nowMs);
    if (remembered !== 'new') {
      const reason =
        remembered === 'seen'
          ? 'cluster authentication replayed'
          : 'too many cluster requests in the replay window';
      return { ok: false, reason };
    }
    return { ok: true, request: { role: role as DaemonRole, nonce } };
  }

  /** The reply header for a verified request. */
  replyProof(method: string, request: SignedRequest): string {
    return this.mac(['reply', method, request.nonce]);
  }

  /** Whether a reply to the request this client sent came from a holder of the key. */
  replyMatches(method: string, sent: SentRequest, proof: string | undefined): boolean {
    return proof !== undefined && this.macMatches(proof, ['reply', method, sent.nonce]);
  }

  private remember(nonce: string, nowMs: number): 'new' | 'seen' | 'full' {
    for (const [old, expiresMs] of this.seen) {
      if (expiresMs > nowMs) {
        break;
      }
      this.seen.delete(old);
    }
    if (this.seen.has(nonce)) {
      return 'seen';
    }
    if (this.seen.size >= this.replayCapacity) {
      return 'full';
    }
    // A nonce must be remembered as long as its time can pass the window check.
    this.seen.set(nonce, nowMs + 2 * this.windowMs);
    return 'new';
  }

  private mac(fields: string[]): string {
    return crypto.createHmac('sha256', this.key).update(fields.join('\n')).digest('base64url');
  }

  private macMatches(given: string, fields: string[]): boolean {
    const expected = Buffer.from(this.mac(fields));
    const actual = Buffer.from(given);
    return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
  }
}
