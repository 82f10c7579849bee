import { Lsbe } from '../../../../services/common/src/lsbe';
import {
  ADMIN_USAGE,
  hostControlOutcome,
  lookupFailureOutcome,
  queueControlOutcome,
  CONFIG_CONFIRMATIONS,
  configCheckOutcome,
  usageOutcome,
} from '../../src/render/admin-messages';

describe('hostControlOutcome', () => {
  it("prints LSF's progress line per host on stderr and exits 0 when all succeed", () => {
    expect(hostControlOutcome('Close', ['node05'], [Lsbe.NO_ERROR])).toEqual({
      stdout: '',
      stderr: 'Close <node05> ...... done\n',
      exitCode: 0,
    });
  });

  it('finishes a failed line with the error and exits 255, still doing the others', () => {
    const outcome = hostControlOutcome(
      'Open',
      ['node04', 'node05', 'bad'],
      [Lsbe.NO_ERROR, Lsbe.PERMISSION, Lsbe.BAD_HOST],
    );
    expect(outcome.stderr).toBe(
      'Open <node04> ...... done\n' +
        'Open <node05> ...... Host control failed.: User permission denied\n' +
        'Open <bad> ...... Host control failed.: Bad host name, host group name or cluster name\n',
    );
    expect(outcome.exitCode).toBe(255);
  });

  it('reports a host the reply has no result for as a protocol error', () => {
    const outcome = hostControlOutcome('Close', ['a', 'b'], [Lsbe.NO_ERROR]);
    expect(outcome.stderr).toContain(
      'Close <b> ...... Host control failed.: Batch protocol error\n',
    );
    expect(outcome.exitCode).toBe(255);
  });
});

describe('queueControlOutcome', () => {
  it('prints each LSF confirmation on stdout', () => {
    const ok = [Lsbe.NO_ERROR];
    expect(queueControlOutcome('close', ['normal'], ok).stdout).toBe('Queue <normal> is closed\n');
    expect(queueControlOutcome('open', ['normal'], ok).stdout).toBe('Queue <normal> is opened\n');
    expect(queueControlOutcome('activate', ['night'], ok).stdout).toBe(
      'Queue <night> is activated\n',
    );
    expect(queueControlOutcome('inactivate', ['night'], ok)).toEqual({
      stdout: 'Queue <night> is inactivated\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('prints failures as `<queue>: <message>` on stderr and exits 255', () => {
    const outcome = queueControlOutcome(
      'close',
      ['normal', 'nosuch'],
      [Lsbe.NO_ERROR, Lsbe.BAD_QUEUE],
    );
    expect(outcome).toEqual({
      stdout: 'Queue <normal> is closed\n',
      stderr: 'nosuch: No such queue\n',
      exitCode: 255,
    });
  });
});

function reconfigOutcome(code: number, error: string) {
  return configCheckOutcome(CONFIG_CONFIRMATIONS.reconfig, code, error);
}

describe('configCheckOutcome', () => {
  it('prints the check chatter on stderr and the confirmation on stdout', () => {
    expect(reconfigOutcome(Lsbe.NO_ERROR, '')).toEqual({
      stdout: 'Reconfiguration initiated\n',
      stderr: '\nChecking configuration files ...\n\nNo errors found.\n\n',
      exitCode: 0,
    });
  });

  it("confirms mbdrestart in LSF's words", () => {
    expect(configCheckOutcome(CONFIG_CONFIRMATIONS.mbdrestart, Lsbe.NO_ERROR, '')).toEqual({
      stdout: 'MBD restart initiated\n',
      stderr: '\nChecking configuration files ...\n\nNo errors found.\n\n',
      exitCode: 0,
    });
  });

  it('reports a refused configuration with its error text and exits 255', () => {
    const error = 'lsb.queues(12): PRIORITY must be a number';
    expect(reconfigOutcome(Lsbe.CONF_FATAL, `${error}\n`)).toEqual({
      stdout: '',
      stderr: `\nChecking configuration files ...\n\nThere are fatal errors.\n\n${error}\n`,
      exitCode: 255,
    });
    expect(reconfigOutcome(Lsbe.CONF_FATAL, '').stderr).toMatch(/There are fatal errors\.\n\n$/);
  });

  it('reports any other refusal as OpenLava\'s "Failed" line', () => {
    expect(reconfigOutcome(Lsbe.PERMISSION, '')).toEqual({
      stdout: '',
      stderr: '\nChecking configuration files ...\n\nFailed: User permission denied\n',
      exitCode: 255,
    });
  });
});

describe('usageOutcome and lookupFailureOutcome', () => {
  it('names an invalid subcommand before the usage, and exits 255', () => {
    expect(usageOutcome('hfly')).toEqual({
      stdout: '',
      stderr: `Invalid command <hfly> \n\n${ADMIN_USAGE}`,
      exitCode: 255,
    });
    expect(usageOutcome(undefined).stderr).toBe(ADMIN_USAGE);
  });

  it('prints a failed lookup as lsb_perror does, with or without context', () => {
    expect(lookupFailureOutcome(Lsbe.BAD_QUEUE, 'q1').stderr).toBe('q1: No such queue\n');
    expect(lookupFailureOutcome(Lsbe.QUEUE_NAME, '').stderr).toBe('Queue name must be specified\n');
  });
});
