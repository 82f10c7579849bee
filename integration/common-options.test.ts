import { PRODUCT_VERSION_LINE } from '../services/common/src/version';
import { TestCluster } from './harness/cluster';

/**
 * LSF's options common to every command, run from the installed tree with no daemon up:
 * -h (or --help) prints the usage and -V the product banner, both on stderr, exit 0.
 */
describe('-h and -V on every command', () => {
  const cluster = new TestCluster({ hosts: 1 });

  afterAll(() => cluster.teardown());

  it.each([
    ['bjobs', '--help'],
    ['bsub', '-h'],
    ['badmin', '-h'],
    ['bhosts', '-h'],
    ['bkill', '-help'],
    ['lsid', '-h'],
  ])('%s %s prints its usage on stderr and exits 255, as OpenLava', async (command, option) => {
    const result = await cluster.command(command, [option]);
    expect(result).toMatchObject({ code: 255, stdout: '' });
    expect(result.stderr).toMatch(new RegExp(`^Usage: ${command} \\[-h\\] \\[-V\\]`));
  });

  it('lists the options of the command in the usage, in the spelling LSF users type', async () => {
    const { stderr } = await cluster.command('bjobs', ['-h']);
    for (const option of ['[-a]', '[-noheader]', '[-J job_name]', '[-u user]']) {
      expect(stderr).toContain(option);
    }
  });

  it.each([['lsid'], ['bjobs'], ['bsub'], ['badmin'], ['lsload']])(
    '%s -V prints the product banner on stderr and exits 0',
    async (command) => {
      const result = await cluster.command(command, ['-V']);
      expect(result).toEqual({ code: 0, stdout: '', stderr: `${PRODUCT_VERSION_LINE}\n` });
    },
  );
});
