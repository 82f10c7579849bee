/**
 * Job array names, `name[1-100:2,200]%5`: the index list of LSF (comma-separated
 * `start[-end[:step]]`, start at least 1) and an optional limit on running elements.
 */

export interface ArraySpec {
  /** The name before `[`; each element is called `name[index]`. */
  name: string;
  /** Every element, by ascending index, without duplicates. */
  elements: ArrayElement[];
  /** `%N`: at most this many elements run at once; 0 when unlimited. */
  runningLimit: number;
}

/**
 * One index and the `start-end:step` part of the list that holds it (the first such part when
 * parts overlap): the element's job sees its step and end as LSB_JOBINDEX_STEP and _END.
 */
export interface ArrayElement {
  index: number;
  step: number;
  /** The part's end as written: `2-9:4` ends at 9 though its last element is 6. */
  end: number;
}

/** Why an array name was refused, as the LSBE code bsub prints. */
export type ArraySpecError = 'BAD_IDX' | 'BIG_IDX';

const ARRAY_NAME = /^([^[\]]*)\[([^\]]*)\](?:%([0-9]+))?$/;
const RANGE = /^([0-9]+)(?:-([0-9]+)(?::([0-9]+))?)?$/;

/** Largest index LSF accepts in an array name, whatever MAX_JOB_ARRAY_SIZE says. */
const MAX_INDEX = 2_147_483_646;

/**
 * The array a job name asks for: null for a plain name (no `[`), an error for a malformed or
 * too large one. `maxSize` is MAX_JOB_ARRAY_SIZE: both the most elements and the largest index.
 */
export function parseArraySpec(
  jobName: string,
  maxSize: number,
): ArraySpec | ArraySpecError | null {
  if (!jobName.includes('[')) {
    return null;
  }
  const match = ARRAY_NAME.exec(jobName);
  if (!match) {
    return 'BAD_IDX';
  }
  const [, name, list, limit] = match;
  const elements = new Map<number, ArrayElement>();
  for (const part of list.split(',')) {
    const range = RANGE.exec(part.trim());
    if (!range) {
      return 'BAD_IDX';
    }
    const start = Number(range[1]);
    const end = range[2] === undefined ? start : Number(range[2]);
    const step = range[3] === undefined ? 1 : Number(range[3]);
    if (start < 1 || end < start || step < 1 || end > MAX_INDEX) {
      return 'BAD_IDX';
    }
    if (end > maxSize) {
      return 'BIG_IDX';
    }
    for (let index = start; index <= end; index += step) {
      if (!elements.has(index)) {
        elements.set(index, { index, step, end });
      }
    }
  }
  if (elements.size > maxSize) {
    return 'BIG_IDX';
  }
  const runningLimit = limit === undefined ? 0 : Number(limit);
  if (limit !== undefined && runningLimit < 1) {
    return 'BAD_IDX';
  }
  const sorted = [...elements.values()].sort((a, b) => a.index - b.index);
  return { name, elements: sorted, runningLimit };
}
