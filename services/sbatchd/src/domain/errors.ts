/**
 * Errors of the sbatchd job domain. A refused request is an outcome, not an error; these
 * mean that a job could not be started or that a file sbatchd relies on is damaged.
 */

/**
 * Thrown by `encodeStartFile()` when a value holds a NUL byte, which no C string (and so no
 * path, user name or command) can carry.
 */
export class StartFileValueError extends Error {
  override readonly name = 'StartFileValueError';

  constructor(readonly key: string) {
    super(`the ${key} of the job holds a NUL byte`);
  }
}

/** Thrown when a job file (pid, status, record, reports) cannot be understood. */
export class JobFileError extends Error {
  override readonly name = 'JobFileError';

  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}`, options);
  }
}

/** Thrown by `lookupUser()` when neither the name nor the uid is a known user. */
export class UnknownUserError extends Error {
  override readonly name = 'UnknownUserError';

  constructor(
    readonly user: string,
    readonly uid: number,
  ) {
    super(`no such user: ${user === '' ? `uid ${uid}` : user}`);
  }
}

/**
 * Thrown by `launchShepherd()` when a job attempt could not be started: the shepherd is
 * missing, did not answer in time, or the job's setup (user, output files) failed.
 */
export class JobStartError extends Error {
  override readonly name = 'JobStartError';

  /** The job's own files could not be opened: another host would fail alike. */
  readonly jobFault: boolean;

  constructor(
    readonly jobId: number,
    readonly attempt: number,
    reason: string,
    options?: { cause?: unknown; jobFault?: boolean },
  ) {
    super(reason, options);
    this.jobFault = options?.jobFault ?? false;
  }
}
