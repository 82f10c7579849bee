/**
 * LSF's multi-letter options across its commands (LSF 10.1) that a LavaLite command may not
 * have. Typed to a command that lacks one, such a word would otherwise read as bundled
 * letters, `-outdir /x` as `-o utdir` and a job command `/x`, and quietly do something else;
 * it is refused as an illegal option instead.
 */
export const LSF_LONG_OPTIONS: ReadonlySet<string> = new Set([
  // bsub and bmod
  ...['outdir', 'eptl', 'ptl', 'We', 'ti', 'hl', 'jsdl', 'jsdl_strict', 'rnc', 'stage'],
  ...['data', 'datagrp', 'datachk', 'alloc_flags', 'cn_cu', 'cn_mem', 'core_isolation'],
  ...['csm', 'freq', 'hostfile', 'ln_mem', 'ln_slots', 'notify', 'network', 'smt'],
  ...['step_cgroup', 'XF', 'Zs', 'Ip', 'Is', 'IS', 'ISp', 'ISs', 'IX', 'pack', 'ar'],
  ...['clusters', 'mig', 'wa', 'wt', 'tty', 'Lp', 'Jd', 'sp', 'sla', 'app', 'env', 'gpu'],
  ...['Ep', 'Epn', 'En', 'Jdn', 'appn', 'slan', 'outdirn', 'eptln', 'ptln'],
  // bjobs, bhist, bacct, bhosts, bqueues
  ...['sum', 'hms', 'UF', 'aff', 'plan', 'psum', 'ss', 'script', 'prio', 'cname', 'fwd'],
  ...['noheader', 'json', 'alloc', 'rc', 'rconly', 'rusage'],
  // bkill, bstop, bresume
  ...['stat', 'sig'],
]);
