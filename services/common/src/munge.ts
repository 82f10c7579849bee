import { DEFAULT_MUNGE_SOCKET, MungeSocketError, mungeDecode, mungeEncode } from './munge-client';
import {
  MungeStatus,
  mungeStatusText,
  type DecodeResponse,
  type EncodeResponse,
} from './munge-wire';
import type { UserNames } from './user-names';

/** Metadata that carries a command's MUNGE credential to mbatchd. */
export const MUNGE_HEADER = 'x-lavalite-munge';

/** A credential longer than this is not MUNGE's (an empty one encodes to about 130 bytes). */
export const MAX_CREDENTIAL_BYTES = 4096;
const CREDENTIAL = /^MUNGE:[A-Za-z0-9+/=:_-]+$/;

/** The user MUNGE vouches for. */
export interface MungeUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export type MungeVerdict = { ok: true; user: MungeUser } | { ok: false; reason: string };

/** Why a command could not get a credential (munged not running, refusing, unreachable). */
export class MungeError extends Error {
  constructor(reason: string) {
    super(`cannot get a MUNGE credential: ${reason}`);
    this.name = 'MungeError';
  }
}

/**
 * A fresh credential for the calling process's uid and gid, from the local munged. Each request
 * needs its own: munged refuses a credential decoded twice.
 */
export async function mungeCredential(socketPath = DEFAULT_MUNGE_SOCKET): Promise<string> {
  let response: EncodeResponse;
  try {
    response = await mungeEncode(socketPath);
  } catch (error) {
    throw error instanceof MungeSocketError ? new MungeError(error.message) : error;
  }
  if (response.status !== MungeStatus.SUCCESS) {
    throw new MungeError(response.error || mungeStatusText(response.status));
  }
  return response.credential;
}

/**
 * Has munged decode a credential and answers the user it proves, or why it proves nothing:
 * missing, malformed, forged, expired, replayed (munged remembers what it decoded).
 */
export async function verifyMungeCredential(
  credential: string | undefined,
  names: UserNames,
  socketPath = DEFAULT_MUNGE_SOCKET,
): Promise<MungeVerdict> {
  if (credential === undefined || credential === '') {
    return { ok: false, reason: 'no MUNGE credential in the request' };
  }
  if (credential.length > MAX_CREDENTIAL_BYTES || !CREDENTIAL.test(credential)) {
    return { ok: false, reason: 'malformed MUNGE credential' };
  }

  let response: DecodeResponse;
  try {
    response = await mungeDecode(credential, socketPath);
  } catch (error) {
    if (error instanceof MungeSocketError) {
      return { ok: false, reason: `cannot check the MUNGE credential: ${error.message}` };
    }
    throw error;
  }
  const name =
    response.status === MungeStatus.SUCCESS ? await names.nameOf(response.uid) : undefined;
  return judgeDecoded(response, name);
}

/**
 * Reads munged's answer as `unmunge` reports it: an expired, rewound or replayed credential
 * by its status (`Replayed credential (17)`), any other refusal in munged's own words. Only a
 * success whose uid has a user name here proves a user.
 */
export function judgeDecoded(response: DecodeResponse, name: string | undefined): MungeVerdict {
  const { status, uid, gid } = response;
  if (status !== MungeStatus.SUCCESS) {
    const judged = [
      MungeStatus.CRED_EXPIRED,
      MungeStatus.CRED_REWOUND,
      MungeStatus.CRED_REPLAYED,
    ].includes(status);
    const words = judged
      ? `${mungeStatusText(status)} (${status})`
      : response.error || mungeStatusText(status);
    return { ok: false, reason: `MUNGE credential refused: ${words}` };
  }
  if (!name) {
    return { ok: false, reason: `MUNGE credential refused: uid ${uid} has no user name here` };
  }
  return { ok: true, user: { name, uid, gid } };
}
