/**
 * Job ids of array elements, encoded as OpenLava's LSB_JOBID does: the element's index in the
 * high bits and the array's id in the low 32, so an element is one number everywhere (store,
 * protocol, results) and `123[4]` is only a way of printing it.
 */

const INDEX_FACTOR = 2 ** 32;

/** The full id of element `index` of array `arrayId`; index 0 is the array id itself. */
export function elementJobId(arrayId: number, index: number): number {
  return index * INDEX_FACTOR + arrayId;
}

/** The array's id of a full id (the id itself for a job that is not an element). */
export function arrayIdOf(jobId: number): number {
  return jobId % INDEX_FACTOR;
}

/** The element index of a full id, 0 for a job that is not an element. */
export function arrayIndexOf(jobId: number): number {
  return Math.floor(jobId / INDEX_FACTOR);
}

/**
 * Whether a number typed as a job id names a job: an array's or a plain job's id, never the
 * encoded id of an element (`123[4]` is how those are written).
 */
export function isTypedJobId(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 0 && id < INDEX_FACTOR;
}

/** `123` or `123[4]`, as LSF prints ids. */
export function formatJobId(jobId: number): string {
  const index = arrayIndexOf(jobId);
  return index === 0 ? String(jobId) : `${arrayIdOf(jobId)}[${index}]`;
}

/** Array by array, each array's elements by index: the order LSF lists jobs in. */
export function compareJobIds(a: number, b: number): number {
  return arrayIdOf(a) - arrayIdOf(b) || arrayIndexOf(a) - arrayIndexOf(b);
}

const ID_FORM = /^([0-9]+)(?:\[([0-9,:-]+)\])?$/;
const INDEX_RANGE = /^([0-9]+)(?:-([0-9]+)(?::([0-9]+))?)?$/;

/**
 * The full ids a typed job id names: `123`, `123[4]`, `123[1-5,9:2]` (LSF's index list);
 * null when the text is not one. `maxIndexes` bounds how many a range may expand to.
 */
export function parseJobIdText(text: string, maxIndexes = 100_000): number[] | null {
  const match = ID_FORM.exec(text);
  if (!match) {
    return null;
  }
  const arrayId = Number(match[1]);
  if (!isTypedJobId(arrayId)) {
    return null;
  }
  if (match[2] === undefined) {
    return [arrayId];
  }
  const ids: number[] = [];
  for (const part of match[2].split(',')) {
    const range = INDEX_RANGE.exec(part);
    if (!range) {
      return null;
    }
    const start = Number(range[1]);
    const end = range[2] === undefined ? start : Number(range[2]);
    const step = range[3] === undefined ? 1 : Number(range[3]);
    if (start < 1 || end < start || step < 1 || (end - start) / step >= maxIndexes) {
      return null;
    }
    for (let index = start; index <= end; index += step) {
      ids.push(elementJobId(arrayId, index));
    }
  }
  return ids;
}
