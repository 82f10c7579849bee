import { modifySentence } from '../../src/render/modify-sentence';

const sentence = (values: object) => modifySentence(JSON.stringify(values));

describe('modifySentence', () => {
  it('shows each new value in its unit, in a fixed order', () => {
    expect(
      sentence({ memLimitKb: 2 * 1024 * 1024, runLimitSec: 5400, jobName: 'j', slots: 4 }),
    ).toBe(
      'Parameters are modified to: Job Name <j>, Processors <4>, Run Limit <90.0 min>, ' +
        'Memory Limit <2 G>',
    );
  });

  it('reads a reset option as none, and an empty list as a reset too', () => {
    expect(sentence({ resReqs: [], dependency: null })).toBe(
      'Parameters are modified to: Requested Resources <none>, Dependency Condition <none>',
    );
  });

  it('marks an output file written over, and shows yes-or-no options as Y or N', () => {
    expect(sentence({ outputFile: '/o/%J', overwriteOutput: true, rerunnable: false })).toBe(
      'Parameters are modified to: Output File (overwrite) </o/%J>, Rerunnable <N>',
    );
  });

  it('shows a new command on one line', () => {
    expect(sentence({ command: 'sleep 60\necho done' })).toBe(
      'Parameters are modified to: Command <sleep 60;echo done>',
    );
  });

  it('still says the job was modified when the record is damaged', () => {
    expect(modifySentence('{oops')).toBe('Parameters are modified to: ');
  });
});
