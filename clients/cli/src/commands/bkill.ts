import { Args, Flags } from '@oclif/core';
import { SignalAction } from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import { parseSignal, SIGNAL_NAMES } from '../../../../services/common/src/signals';
import { CommandFailure } from '../lib/command-failure';
import { emitReport } from '../lib/job-report';
import { JOB_FILTER_FLAGS } from '../lib/job-selection';
import { LsfCommand } from '../lib/lsf-command';
import { reportSignalReply, signalJobs, signalTarget, signalVerb } from '../lib/signal-command';

const USAGE = `Usage: bkill [-l] [-r | -d] [-m host_name] [-q queue_name]
               [-u user_name | -u all] [0] [-s sigval] [-J job_name]
               [jobId ...]`;

export default class Bkill extends LsfCommand {
  static override summary = 'Terminate jobs, or send them a signal with -s.';
  static override examples = ['$ bkill 1234', '$ bkill -s USR1 1234', '$ bkill -q night 0'];
  static override strict = false;
  static override args = {
    jobIds: Args.string({ description: 'job ids; 0 means every matching job' }),
  };
  static override flags = {
    ...JOB_FILTER_FLAGS,
    signal: Flags.string({ char: 's', description: 'signal to send, by name or number' }),
    list: Flags.boolean({ char: 'l', description: 'list the signal names' }),
    remove: Flags.boolean({
      char: 'r',
      description: 'remove the job at once (EXIT), without waiting for the host to end it',
      exclusive: ['signal', 'done'],
    }),
    done: Flags.boolean({
      char: 'd',
      description: 'terminate the job and record it DONE once it has ended',
      exclusive: ['signal'],
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Bkill);
    if (flags.list) {
      this.print(`${SIGNAL_NAMES.join(' ')} \n`);
      return;
    }
    const signal = flags.signal === undefined ? 0 : parseSignal(flags.signal);
    if (signal === null) {
      throw new CommandFailure(`${flags.signal}: Illegal signal value`);
    }

    const target = signalTarget(argv as string[], flags, USAGE);
    const action = flags.remove
      ? SignalAction.SIGNAL_ACTION_FORCE_KILL
      : flags.done
        ? SignalAction.SIGNAL_ACTION_KILL_AS_DONE
        : flags.signal === undefined
          ? SignalAction.SIGNAL_ACTION_KILL
          : SignalAction.SIGNAL_ACTION_SIGNAL;
    const reply = await signalJobs('bkill', target, action, signal);
    emitReport(reportSignalReply(reply, target, signalVerb(action, signal)));
  }
}
