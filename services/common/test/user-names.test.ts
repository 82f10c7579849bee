import os from 'node:os';
import { UserNames } from '../src/user-names';

describe('UserNames', () => {
  it('names a uid as the name services do', async () => {
    const names = new UserNames();
    const me = os.userInfo();

    expect(await names.nameOf(0)).toBe('root');
    expect(await names.nameOf(me.uid)).toBe(me.username);
  });

  it('answers undefined for a uid no name service knows', async () => {
    expect(await new UserNames().nameOf(4_200_000_000)).toBeUndefined();
  });
});
