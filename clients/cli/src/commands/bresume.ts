import { Args } from '@oclif/core';
import { SignalAction } from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { JOB_FILTER_FLAGS } from '../lib/job-selection';
import { emitReport } from '../lib/job-report';
import { LsfCommand } from '../lib/lsf-command';
import { reportSignalReply, signalJobs, signalTarget, signalVerb } from '../lib/signal-command';

const USAGE = `Usage: bresume [-m host_name] [-q queue_name]
               [-u user_name | -u all] [0] [-J job_name]
               [jobId ...]`;

export default class Bresume extends LsfCommand {
  static override summary = 'Resume jobs: a held job pends again, a stopped one runs on.';
  static override examples = ['$ bresume 1234', '$ bresume -q night 0', '$ bresume -J sim'];
  static override strict = false;
  static override args = {
    jobIds: Args.string({ description: 'job ids; 0 means every matching job' }),
  };
  static override flags = { ...JOB_FILTER_FLAGS };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Bresume);
    const target = signalTarget(argv as string[], flags, USAGE);
    const action = SignalAction.SIGNAL_ACTION_RESUME;
    const reply = await signalJobs('bresume', target, action);
    emitReport(reportSignalReply(reply, target, signalVerb(action)));
  }
}
