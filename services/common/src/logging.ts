import path from 'node:path';
import winston from 'winston';

export type Logger = winston.Logger;

export interface LoggerOptions {
  daemon: string;
  host: string;
  /** LSF_LOGDIR: when set, the log is also written to `<daemon>.log.<host>` there. */
  logDir: string | null;
  /** LSF_LOG_MASK, e.g. LOG_INFO; LOG_DEBUG turns on debug lines. */
  logMask: string;
}

/** Maps LSF_LOG_MASK names onto winston levels. */
const LEVEL_BY_MASK: Record<string, string> = {
  LOG_ERR: 'error',
  LOG_WARNING: 'warn',
  LOG_NOTICE: 'info',
  LOG_INFO: 'info',
  LOG_DEBUG: 'debug',
};

/**
 * One JSON line per event with `daemon` and `daemon_host` on every line; `host` names the
 * host an event is about. Daemons log state changes at
 * info, so the default is info even though LSF's default mask is LOG_WARNING: an
 * administrator expects to see jobs move.
 */
export function createLogger(options: LoggerOptions): Logger {
  const level = process.env.LAVALITE_LOG_LEVEL ?? LEVEL_BY_MASK[options.logMask] ?? 'info';
  const transports: winston.transport[] = [
    new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] }),
  ];
  if (options.logDir) {
    const file = path.join(options.logDir, `${options.daemon}.log.${options.host}`);
    transports.push(new winston.transports.File({ filename: file }));
  }

  return winston.createLogger({
    level,
    defaultMeta: { daemon: options.daemon, daemon_host: options.host },
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports,
  });
}
