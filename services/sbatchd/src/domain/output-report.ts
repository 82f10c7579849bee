import type { ExecutionSite, JobSpec } from './job-spec';
import type { UserEntry } from './user-entry';
import { ctime } from '../../../common/src/ctime';
import { formatJobId } from '../../../common/src/job-id';

/**
 * LSF's job report, which ends the job's output file. sbatchd renders everything known at
 * start; the shepherd fills in what is known only at the end, by replacing these tokens
 * (and `@@` by `@`, which is how user text carries an `@`).
 */
export const REPORT_TOKENS = {
  started: '@STARTED@',
  ended: '@ENDED@',
  /** `Done` or `Exited`, at the end of the Subject line. */
  subjectEnd: '@SUBJECT_END@',
  /**
   * `Successfully completed.`, `Exited with exit code N.` or
   * `Exited with signal termination: X.`
   */
  outcome: '@OUTCOME@',
  cpuTime: '@CPU_TIME@',
  maxMemory: '@MAX_MEMORY@',
  runTime: '@RUN_TIME@',
  turnaround: '@TURNAROUND@',
} as const;

const RULE = '-'.repeat(60);

/** LSF prints at most this many lines of the job under "Your job looked like". */
const MAX_INPUT_LINES = 50;

function escapeAt(text: string): string {
  return text.replace(/@/g, '@@');
}

/** `    CPU time :` padded so that every value starts at column 50, as in LSF. */
function usageLine(label: string, value: string): string {
  return `    ${`${label} :`.padEnd(45)}${value}`;
}

/** `<node07>` or `<2*node03>` with further hosts on lines of their own under the first. */
function hostList(execHosts: readonly string[], fallback: string): string {
  const counts = new Map<string, number>();
  for (const host of execHosts.length > 0 ? execHosts : [fallback]) {
    counts.set(host, (counts.get(host) ?? 0) + 1);
  }
  const entries = [...counts].map(([host, n]) => (n > 1 ? `<${n}*${host}>` : `<${host}>`));
  return entries.join(`\n${' '.repeat(31)}`);
}

function userInput(command: string): string[] {
  const lines = command.replace(/\n+$/, '').split('\n');
  if (lines.length <= MAX_INPUT_LINES) {
    return lines;
  }
  return [...lines.slice(0, MAX_INPUT_LINES), '(... more ...)'];
}

/** The report template of one job; see REPORT_TOKENS. */
export function renderReportTemplate(
  spec: JobSpec,
  user: UserEntry,
  site: ExecutionSite,
  cwd: string,
): string {
  const t = REPORT_TOKENS;
  const name = escapeAt(spec.jobName.replace(/\n+$/, '').replace(/\n/g, ';'));
  const cluster = escapeAt(site.clusterName);
  const who = escapeAt(user.name);
  const submitted = spec.submitTimeMs > 0 ? ` at ${ctime(spec.submitTimeMs)}` : '';
  const lines = [
    '',
    RULE,
    `Sender: LSF System <${who}@@${escapeAt(site.hostName)}>`,
    `Subject: Job ${formatJobId(spec.jobId)}: <${name}> in cluster <${cluster}> ${t.subjectEnd}`,
    '',
    `Job <${name}> was submitted from host <${escapeAt(spec.fromHost || site.hostName)}> by ` +
      `user <${who}> in cluster <${cluster}>${submitted}`,
    `Job was executed on host(s) ${escapeAt(hostList(spec.execHosts, site.hostName))}, in queue ` +
      `<${escapeAt(spec.queue)}>, as user <${who}> in cluster <${cluster}> at ${t.started}`,
    `<${escapeAt(user.home)}> was used as the home directory.`,
    `<${escapeAt(cwd)}> was used as the working directory.`,
    `Started at ${t.started}`,
    `Terminated at ${t.ended}`,
    `Results reported at ${t.ended}`,
    '',
    'Your job looked like:',
    '',
    RULE,
    '# LSBATCH: User input',
    ...userInput(spec.command).map(escapeAt),
    RULE,
    '',
    t.outcome,
    '',
    'Resource usage summary:',
    '',
    usageLine('CPU time', t.cpuTime),
    usageLine('Max Memory', t.maxMemory),
    // LavaLite measures the peak only; LSF prints `-` for what it does not know.
    usageLine('Average Memory', '-'),
    usageLine('Total Requested Memory', '-'),
    usageLine('Delta Memory', '-'),
    usageLine('Max Swap', '-'),
    usageLine('Max Processes', '-'),
    usageLine('Max Threads', '-'),
    usageLine('Run time', t.runTime),
    usageLine('Turnaround time', t.turnaround),
    '',
    'The output (if any) is above this job summary.',
    '',
  ];
  if (spec.errorFile !== '') {
    lines.push(
      '',
      'PS:',
      '',
      `Read file <${escapeAt(spec.errorFile)}> for stderr output of this job.`,
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
