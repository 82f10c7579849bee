import { formatEventTime } from './job-time';
import { shownCommand } from './job-status';
import { memLimitText, runLimitText } from './limit-text';

type Show = (value: unknown) => string | null;

const text: Show = (value) => (typeof value === 'string' && value !== '' ? value : null);
const number =
  (format: (value: number) => string): Show =>
  (value) =>
    typeof value === 'number' && value > 0 ? format(value) : null;
const words: Show = (value) =>
  Array.isArray(value) && value.length > 0 ? value.map(String).join(' ') : null;
const yesNo: Show = (value) => (typeof value === 'boolean' ? (value ? 'Y' : 'N') : null);

/**
 * The options a MODIFY event records (mbatchd's spec names), in the order bhist lists them,
 * with the label each reads under and how its value shows. A value that is null or empty
 * means the option was reset, and reads `<none>`. An output file written over (-oo, -eo)
 * reads `Output File (overwrite)`.
 */
const PARAMETERS: ReadonlyArray<[key: string, label: string, show: Show]> = [
  ['command', 'Command', (value) => (typeof value === 'string' ? shownCommand(value) : null)],
  ['jobName', 'Job Name', text],
  ['queue', 'Queue', text],
  ['project', 'Project', text],
  ['cwd', 'CWD', text],
  ['slots', 'Processors', number(String)],
  ['maxSlots', 'Most Processors', number(String)],
  ['askedHosts', 'Specified Hosts', words],
  ['resReqs', 'Requested Resources', words],
  ['runLimitSec', 'Run Limit', number(runLimitText)],
  ['memLimitKb', 'Memory Limit', number(memLimitText)],
  ['dependency', 'Dependency Condition', text],
  ['beginTimeMs', 'Begin Time', number(formatEventTime)],
  ['termTimeMs', 'Termination Time', number(formatEventTime)],
  ['inputFile', 'Input File', text],
  ['outputFile', 'Output File', text],
  ['errorFile', 'Error File', text],
  ['exclusive', 'Exclusive Execution', yesNo],
  ['rerunnable', 'Rerunnable', yesNo],
];

const OVERWRITE_FLAG: Readonly<Record<string, string>> = {
  outputFile: 'overwriteOutput',
  errorFile: 'overwriteError',
};

/** `Parameters are modified to: Queue <short>, Run Limit <none>`, from a MODIFY's values. */
export function modifySentence(detailsJson: string): string {
  let values: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(detailsJson || '{}');
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      values = parsed as Record<string, unknown>;
    }
  } catch {
    // A damaged record still says that the job was modified.
  }

  const parts = PARAMETERS.filter(([key]) => Object.hasOwn(values, key)).map(
    ([key, label, show]) => {
      const overwritten = values[OVERWRITE_FLAG[key]] === true ? ' (overwrite)' : '';
      return `${label}${overwritten} <${show(values[key]) ?? 'none'}>`;
    },
  );
  return `Parameters are modified to: ${parts.join(', ')}`;
}
