import { Args, Flags } from '@oclif/core';
import { adminOperation, localHostName, runAdminOperation } from '../lib/admin-operations';
import { checkConfig, readClusterConfig } from '../lib/cluster';
import { LsfCommand } from '../lib/lsf-command';
import { effectiveSettings, renderShowconf } from '../lib/showconf';
import { connectToMbatchd, currentUser } from '../lib/mbatchd-client';
import { AdminOutcome, ckconfigOutcome, usageOutcome } from '../render/admin-messages';

export default class Badmin extends LsfCommand {
  static override summary =
    'Administer the batch system: open and close hosts and queues, reconfigure, restart daemons.';
  static override description =
    'hopen/hclose/hrestart [host ... | all] (no host: this host), qopen/qclose/qact/qinact ' +
    '[queue ... | all] (no queue: the default queue), reconfig, mbdrestart, ' +
    'ckconfig, showconf mbd | sbd. ' +
    'Exits 255 if any target failed.';
  static override examples = [
    '$ badmin hclose node05',
    '$ badmin qinact night',
    '$ badmin qopen all',
    '$ badmin reconfig',
    '$ badmin mbdrestart',
    '$ badmin hrestart all',
    '$ badmin ckconfig',
    '$ badmin showconf mbd',
  ];
  static override strict = false;
  static override args = {
    subcommand: Args.string({ description: 'the operation', ignoreStdin: true }),
  };
  static override flags = {
    // OpenLava's reconfig, mbdrestart and hrestart options. LavaLite never prompts and always
    // shows the errors, so both are accepted for scripts' sake and change nothing.
    force: Flags.boolean({
      char: 'f',
      description: 'reconfig, mbdrestart, hrestart: do not ask for confirmation',
    }),
    verbose: Flags.boolean({
      char: 'v',
      description: 'reconfig, mbdrestart: show detailed messages',
    }),
  };

  async run(): Promise<AdminOutcome> {
    const { argv } = await this.parse(Badmin);
    const [subcommand, ...targets] = argv as string[];
    if (subcommand === 'showconf') {
      return this.finish(showconfOutcome(targets));
    }
    if (subcommand === 'ckconfig') {
      return this.finish(
        targets.length > 0 ? usageOutcome(undefined) : ckconfigOutcome(checkConfig()),
      );
    }
    const operation = adminOperation(subcommand);
    const takesNoTargets = operation?.kind === 'reconfig' || operation?.kind === 'mbdrestart';
    if (!operation || (takesNoTargets && targets.length > 0)) {
      return this.finish(usageOutcome(operation ? undefined : subcommand));
    }

    const config = readClusterConfig('badmin');
    const mbatchd = await connectToMbatchd(config, 'badmin');
    const request = {
      operation,
      targets,
      requester: currentUser().name,
      localHost: localHostName(config),
    };
    const outcome = await runAdminOperation(mbatchd, request).finally(() => mbatchd.close());
    return this.finish(outcome);
  }

  private finish(outcome: AdminOutcome): AdminOutcome {
    process.stderr.write(outcome.stderr);
    this.print(outcome.stdout);
    if (outcome.exitCode !== 0) {
      this.exit(outcome.exitCode);
    }
    return outcome;
  }
}

/** `badmin showconf mbd | sbd`: the lsf.conf settings the batch daemons run with. */
function showconfOutcome(targets: readonly string[]): AdminOutcome {
  const titles: Record<string, string> = { mbd: 'MBD configuration', sbd: 'SBD configuration' };
  const title = titles[targets[0] ?? ''];
  if (title === undefined || targets.length > (targets[0] === 'sbd' ? 2 : 1)) {
    const usage = 'Usage: badmin showconf mbd | sbd [host_name]\n';
    return { stdout: '', stderr: usage, exitCode: 255 };
  }
  const settings = effectiveSettings(readClusterConfig('badmin'));
  return { stdout: renderShowconf(title, settings, Date.now()), stderr: '', exitCode: 0 };
}
