import { Lsbe, LSBE_MESSAGES, lsbeMessage } from '../src/lsbe';

describe('LSBE codes', () => {
  it('numbers all 132 OpenLava codes from 0 to 131 without a gap', () => {
    const codes = Object.values(Lsbe).sort((a, b) => a - b);

    expect(codes).toEqual(Array.from({ length: 132 }, (_, code) => code));
  });

  it('has a message for every code and for nothing else', () => {
    const messageCodes = Object.keys(LSBE_MESSAGES).map(Number);

    expect(messageCodes.sort((a, b) => a - b)).toEqual(Object.values(Lsbe).sort((a, b) => a - b));
    expect(Object.values(LSBE_MESSAGES).every((message) => message.length > 0)).toBe(true);
  });

  it.each([
    [Lsbe.NO_ERROR, 0, 'No error'],
    [Lsbe.NO_JOB, 1, 'No matching job found'],
    [Lsbe.NOT_STARTED, 2, 'Job has not started yet'],
    [Lsbe.JOB_FINISH, 4, 'Job has already finished'],
    [Lsbe.PERMISSION, 17, 'User permission denied'],
    [Lsbe.BAD_SIGNAL, 41, 'Signal not supported'],
    [Lsbe.MBATCHD, 47, 'Master batch daemon internal error'],
    [Lsbe.OP_RETRY, 66, 'Operation is in progress'],
    [Lsbe.JOB_SUSP, 95, 'Operation not supported for a suspended job'],
    [Lsbe.OTHERS_FIRST_HOST, 124, '"Others" specified as first execution host'],
    [Lsbe.DEP_ARRAY_SIZE, 131, 'Dependent arrays do not have the same size'],
  ])('gives code %d (OpenLava %d) the message %j', (code, number, message) => {
    expect(code).toBe(number);
    expect(lsbeMessage(code)).toBe(message);
  });

  it('keeps the long MOD_ERRFILE message in one piece', () => {
    expect(lsbeMessage(Lsbe.MOD_ERRFILE)).toBe(
      'No error file specified before job dispatch. Error file does not exist, so error file ' +
        'name cannot be changed',
    );
  });

  it('words a code past the table as lsb_perror does', () => {
    expect(lsbeMessage(132)).toBe('Unknown batch system error number 132');
    expect(lsbeMessage(-1)).toBe('Unknown batch system error number -1');
  });
});
