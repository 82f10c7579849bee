import { loadClusterConfig, type ClusterConfig } from './config';
import { handleShutdown, type DaemonContext } from './daemon';
import type { Logger } from './logging';

/** One life of a daemon on one configuration; a restart ends it and begins the next. */
export interface DaemonLife {
  /** The configuration in use, a reconfiguration included. */
  config(): ClusterConfig;
  stop(): Promise<void>;
}

/** Begins a life of the daemon; `restart` asks for a new one once the current request is done. */
export type DaemonStart = (daemon: DaemonContext, restart: () => void) => Promise<DaemonLife>;

/**
 * Runs the daemon until SIGTERM or SIGINT, restarting it within the process when asked
 * (`badmin mbdrestart`, `badmin hrestart`): the pid, the log and the cluster key stay, and
 * everything else (configuration, store, connections) is read and opened anew, as after a
 * restart of the process.
 */
export function runRestartable(daemon: DaemonContext, start: DaemonStart): void {
  let life: Promise<DaemonLife>;
  const restart = (): void => {
    // Once the answer to the request is on its way: stopping the server waits for it.
    setImmediate(() => {
      life = life.then(async (current) => {
        daemon.log.info('daemon restarting', { host: daemon.host.name });
        await current.stop();
        return start({ ...daemon, config: reread(current.config(), daemon.log) }, restart);
      });
    });
  };
  life = start(daemon, restart);
  handleShutdown(daemon.log, async () => (await life).stop());
}

/**
 * The configuration files as they are now. The master checked them before it asked for the
 * restart; should they have turned bad since, the daemon carries on with the one in use.
 */
function reread(inUse: ClusterConfig, log: Logger): ClusterConfig {
  try {
    return loadClusterConfig(inUse.envDir);
  } catch (error) {
    log.error('configuration unreadable at restart; keeping the one in use', {
      reason: (error as Error).message,
    });
    return inUse;
  }
}
