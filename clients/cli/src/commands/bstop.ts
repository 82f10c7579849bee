import { Args } from '@oclif/core';
import { SignalAction } from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { JOB_FILTER_FLAGS } from '../lib/job-selection';
import { emitReport } from '../lib/job-report';
import { LsfCommand } from '../lib/lsf-command';
import { reportSignalReply, signalJobs, signalTarget, signalVerb } from '../lib/signal-command';

const USAGE = `Usage: bstop [-m host_name] [-q queue_name]
               [-u user_name | -u all] [0] [-J job_name]
               [jobId ...]`;

export default class Bstop extends LsfCommand {
  static override summary = 'Suspend jobs: a pending job is held, a running one stopped.';
  static override examples = ['$ bstop 1234', '$ bstop -q night 0', '$ bstop -J sim'];
  static override strict = false;
  static override args = {
    jobIds: Args.string({ description: 'job ids; 0 means every matching job' }),
  };
  static override flags = { ...JOB_FILTER_FLAGS };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Bstop);
    const target = signalTarget(argv as string[], flags, USAGE);
    const action = SignalAction.SIGNAL_ACTION_STOP;
    const reply = await signalJobs('bstop', target, action);
    emitReport(reportSignalReply(reply, target, signalVerb(action)));
  }
}
