import { ConfigError } from '../../src/config/config-error';

describe('ConfigError', () => {
  it('prefixes the reason with the file and line', () => {
    const error = new ConfigError('/etc/lsf/lsb.queues', 12, 'PRIORITY must be a number');

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConfigError');
    expect(error.message).toBe('/etc/lsf/lsb.queues:12: PRIORITY must be a number');
    expect(error).toMatchObject({ file: '/etc/lsf/lsb.queues', line: 12 });
    expect(error.reason).toBe('PRIORITY must be a number');
  });

  it('leaves out the line when the problem concerns the whole file', () => {
    const error = new ConfigError('/etc/lsf.conf', 0, 'lsf.conf not found');

    expect(error.message).toBe('/etc/lsf.conf: lsf.conf not found');
  });

  it('keeps the underlying cause', () => {
    const cause = new Error('EACCES');

    expect(new ConfigError('f', 0, 'cannot read', { cause }).cause).toBe(cause);
  });
});
