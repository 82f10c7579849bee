import { arrayIdOf, arrayIndexOf } from './job-id';

/**
 * The file a job writes for an -o or -e path. A path that ends with `/` names a directory, as
 * in LSF: the job's file in it is `<job id>.out` or `.err`, `<array id>_<index>` naming an
 * array element's. Any other path is the file itself.
 */
export function jobOutputPath(path: string, jobId: number, suffix: 'out' | 'err'): string {
  if (!path.endsWith('/')) {
    return path;
  }
  const index = arrayIndexOf(jobId);
  const name = index > 0 ? `${arrayIdOf(jobId)}_${index}` : String(jobId);
  return `${path}${name}.${suffix}`;
}
