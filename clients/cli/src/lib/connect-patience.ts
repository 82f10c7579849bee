import * as grpc from '@grpc/grpc-js';
import type { HostConfig } from '../../../../services/common/src/config';

/** LSF's words, on stderr, while a command waits for a batch daemon it cannot reach. */
export const MBATCHD_DOWN = 'batch system daemon not responding ... still trying';

/** LSF's words (LSBE_CONN_TIMEOUT) when a command gives up waiting. */
export const CONNECT_TIMEOUT = 'Timeout on connect call to server';

/** LSB_API_CONNTIMEOUT's default, seconds. */
const DEFAULT_CONNTIMEOUT_SEC = 10;

/** LSF tries forever without LSB_NTRIES; a command here gives up after a minute by default. */
const DEFAULT_NTRIES = 6;

/**
 * How long a command keeps trying to reach mbatchd: LSB_NTRIES tries, each waiting up to
 * LSB_API_CONNTIMEOUT seconds, as LSF's library does.
 */
export function connectBoundMs(config: HostConfig): number {
  const timeoutSec = positive(config.lsfConf.get('LSB_API_CONNTIMEOUT'), DEFAULT_CONNTIMEOUT_SEC);
  const tries = positive(config.lsfConf.get('LSB_NTRIES'), DEFAULT_NTRIES);
  return timeoutSec * tries * 1000;
}

function positive(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return value !== undefined && number > 0 ? number : fallback;
}

/**
 * One bounded wait for a daemon to answer: it ends at `until`, and tells the user once that
 * the command is still trying, as LSF does, without the transport's own error text.
 */
export class ConnectPatience {
  readonly until: number;
  private told = false;

  constructor(boundMs: number) {
    this.until = Date.now() + boundMs;
  }

  get expired(): boolean {
    return Date.now() >= this.until;
  }

  stillTrying(): void {
    if (!this.told) {
      this.told = true;
      process.stderr.write(`${MBATCHD_DOWN}\n`);
    }
  }
}

/** Far more state changes than reconnecting within any bound makes; a guard, not a limit. */
const MAX_STATE_CHANGES = 100_000;

/**
 * Resolves true once the client's channel is connected, false when the patience runs out.
 * A request sent only then was never seen by a daemon that was down: waiting before the
 * first byte is safe for every request, a submission too.
 */
export async function channelReady(
  client: grpc.Client,
  patience: ConnectPatience,
): Promise<boolean> {
  const channel = client.getChannel();
  for (let change = 0; change < MAX_STATE_CHANGES; change++) {
    const state = channel.getConnectivityState(true);
    if (state === grpc.connectivityState.READY) {
      return true;
    }
    if (state === grpc.connectivityState.SHUTDOWN) {
      return false;
    }
    if (state === grpc.connectivityState.TRANSIENT_FAILURE) {
      patience.stillTrying();
    }
    const changed = await new Promise<boolean>((resolve) =>
      channel.watchConnectivityState(state, patience.until, (error) => resolve(!error)),
    );
    if (!changed) {
      return false;
    }
  }
  return false;
}
