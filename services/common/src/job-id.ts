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

/** `123` or `123[4]`, as LSF prints ids. */
export function formatJobId(jobId: number): string {
  const index = arrayIndexOf(jobId);
  return index === 0 ? String(jobId) : `${arrayIdOf(jobId)}[${index}]`;
}
