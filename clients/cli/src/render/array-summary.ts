import type { JobRecord } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { JobState } from '../../../../services/common/src/generated/lavalite/v1/job';
import { left, leftNoCut, right, rightNoCut } from './columns';

const HEADER = 'JOBID    ARRAY_SPEC  OWNER   NJOBS PEND DONE  RUN EXIT SSUSP USUSP PSUSP\n';

/** The state columns of `bjobs -A`, in their order. */
const COUNTED: ReadonlyArray<[JobState, number]> = [
  [JobState.JOB_STATE_PEND, 4],
  [JobState.JOB_STATE_DONE, 4],
  [JobState.JOB_STATE_RUN, 4],
  [JobState.JOB_STATE_EXIT, 4],
  [JobState.JOB_STATE_SSUSP, 5],
  [JobState.JOB_STATE_USUSP, 5],
  [JobState.JOB_STATE_PSUSP, 5],
];

const UNFINISHED = new Set([
  JobState.JOB_STATE_PEND,
  JobState.JOB_STATE_PSUSP,
  JobState.JOB_STATE_RUN,
  JobState.JOB_STATE_SSUSP,
  JobState.JOB_STATE_USUSP,
]);

/**
 * `bjobs -A`: one row per job array with its element counts by state. `onlyUnfinished` keeps
 * the arrays that still have an unfinished element (bjobs without -a or -d). The row is
 * OpenLava's (lsf-cli.md 4.3): `%-7d  %-8.8s %8.8s ` then the counts, so the array spec is cut
 * to 8 characters and the owner right-aligned in 8; with `wide` both are printed whole.
 */
export function renderArraySummary(
  jobs: readonly JobRecord[],
  options: { wide: boolean; onlyUnfinished: boolean },
): string {
  const arrays = new Map<number, JobRecord[]>();
  for (const job of jobs) {
    if (job.arrayIndex > 0) {
      const elements = arrays.get(job.arrayJobId) ?? [];
      elements.push(job);
      arrays.set(job.arrayJobId, elements);
    }
  }
  const rows = [...arrays]
    .filter(
      ([, elements]) => !options.onlyUnfinished || elements.some((e) => UNFINISHED.has(e.state)),
    )
    .sort(([a], [b]) => a - b)
    .map(([id, elements]) => summaryRow(id, elements, options.wide));
  return rows.length === 0 ? '' : HEADER + rows.join('');
}

function summaryRow(id: number, elements: readonly JobRecord[], wide: boolean): string {
  // The array as submitted; arrays from before mbatchd kept it show their indexes.
  const name = elements[0].jobName.replace(/\[[0-9]+\]$/, '');
  const spec =
    elements[0].arraySpec ||
    `${name}[${indexRanges(elements.map((element) => element.arrayIndex))}]`;
  const owner = elements[0].user;
  const named = wide ? `${spec} ${owner} ` : `${left(spec, 8)} ${right(owner, 8)} `;
  const counts = COUNTED.map(([state, width]) =>
    rightNoCut(String(elements.filter((element) => element.state === state).length), width),
  );
  const njobs = rightNoCut(String(elements.length), 5);
  return `${leftNoCut(String(id), 7)}  ${named}  ${njobs} ${counts.join(' ')}\n`;
}

/** Indexes as LSF writes them: `1-10,15,20-22`. */
export function indexRanges(indexes: readonly number[]): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) {
      end++;
    }
    parts.push(end === start ? `${sorted[start]}` : `${sorted[start]}-${sorted[end]}`);
    start = end + 1;
  }
  return parts.join(',');
}
