/** The prefix under which loader variables travel through the shepherd to the job. */
const HELD_ENV_PREFIX = 'LAVALITE_JOB_';

/**
 * glibc's list of variables it ignores in privileged programs (unsecvars.h), and every LD_
 * variable: in the shepherd, which runs as root but is no setuid program, they would let a
 * submitted environment load code into a root process (LD_PRELOAD, LD_AUDIT, GCONV_PATH...).
 */
const LOADER_VARIABLES = new Set([
  'GCONV_PATH',
  'GETCONF_DIR',
  'GLIBC_TUNABLES',
  'HOSTALIASES',
  'LOCALDOMAIN',
  'LOCPATH',
  'MALLOC_TRACE',
  'NIS_PATH',
  'NLSPATH',
  'RESOLV_HOST_CONF',
  'RES_OPTIONS',
  'TMPDIR',
  'TZDIR',
]);

/**
 * The shepherd's own environment: the job's, with every loader variable renamed under
 * HELD_ENV_PREFIX. The job process restores them after it has become the job's user, so the
 * job sees its environment unchanged.
 */
export function shepherdEnv(jobEnv: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(jobEnv)) {
    // A name that has the prefix already gets it twice, so the job gets it back as it was.
    const held =
      name.startsWith('LD_') || LOADER_VARIABLES.has(name) || name.startsWith(HELD_ENV_PREFIX);
    env[held ? `${HELD_ENV_PREFIX}${name}` : name] = value;
  }
  return env;
}
