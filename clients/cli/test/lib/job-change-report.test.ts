import { Lsbe } from '../../../../services/common/src/generated/lavalite/v1/lsbe';
import {
  modifyRefusalLine,
  reportJobResults,
  requeueRefusalLine,
} from '../../src/lib/job-change-report';

const ok = { jobId: 7, lsbe: Lsbe.LSBE_NO_ERROR, context: '' };
const gone = { jobId: 8, lsbe: Lsbe.LSBE_NO_JOB, context: '' };
const badQueue = { jobId: 9, lsbe: Lsbe.LSBE_BAD_QUEUE, context: 'nosuch' };

describe('reportJobResults', () => {
  it('prints successes on stdout and refusals on stderr, exiting 255 on any refusal', () => {
    expect(reportJobResults([ok, gone], (id) => `Job <${id}> done`)).toEqual({
      stdout: 'Job <7> done\n',
      stderr: 'Job <8>: No matching job found\n',
      exitCode: 255,
    });
    expect(reportJobResults([ok], (id) => id).exitCode).toBe(0);
  });

  it("words brequeue's refusals with its own spacing", () => {
    expect(requeueRefusalLine('8', gone)).toBe('Job <8> : No matching job found');
  });

  it("words bmod's option refusals as bsub does, and its job refusals by job", () => {
    expect(modifyRefusalLine('9', badQueue)).toBe('nosuch: No such queue. Job not modified.');
    expect(modifyRefusalLine('8', gone)).toBe('Job <8>: No matching job found');
    const missingTarget = { ...gone, context: '99999' };
    expect(modifyRefusalLine('8', missingTarget)).toBe(
      '99999: No matching job found. Job not modified.',
    );
  });
});
