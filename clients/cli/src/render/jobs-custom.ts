import type { JobRecord } from '../../../../services/common/src/generated/lavalite/v1/batch';
import { formatJobId } from '../../../../services/common/src/job-id';
import type { FormatColumn, JobsFormat } from '../lib/jobs-format';
import type { FieldContext } from './job-fields';

/** One cell: cut or padded to a fixed width; `job_name` keeps its end, as LSF does. */
function cell(column: FormatColumn, value: string): string {
  const { width } = column;
  if (width === null) {
    return value;
  }
  let text = value;
  if (text.length > width) {
    text =
      column.field.name === 'job_name'
        ? `*${text.slice(text.length - width + 1)}`
        : text.slice(0, width);
  }
  const pad = ' '.repeat(width - text.length);
  return column.rightAligned ? pad + text : text + pad;
}

/**
 * `bjobs -o`: a header of the upper-case field names (unless -noheader), then one line per
 * job; an empty value prints as `-`.
 */
export function renderJobsCustom(
  jobs: readonly JobRecord[],
  format: JobsFormat,
  context: FieldContext,
  header: boolean,
): string {
  const lines: string[] = [];
  if (header) {
    lines.push(
      format.columns
        .map((column) => cell(column, column.field.name.toUpperCase()))
        .join(format.delimiter),
    );
  }
  for (const job of jobs) {
    const values = format.columns.map((column) =>
      cell(column, column.field.value(job, context) || '-'),
    );
    lines.push(values.join(format.delimiter));
  }
  return lines.map((line) => `${line}\n`).join('');
}

/** A JSON string as LSF writes it: `/` escaped as `\/`. */
function jsonString(text: string): string {
  return JSON.stringify(text).replace(/\//g, '\\/');
}

function jsonRecord(entries: ReadonlyArray<[string, string]>): string {
  const lines = entries.map(([key, value]) => `      ${jsonString(key)}:${jsonString(value)}`);
  return `    {\n${lines.join(',\n')}\n    }`;
}

/**
 * `bjobs -json`: LSF's layout (two-space indent, no space after `:`, every value a string but
 * JOBS). A requested job that does not exist is a record with `JOBID` and `ERROR`.
 */
export function renderJobsJson(
  jobs: readonly JobRecord[],
  missingJobIds: readonly number[],
  format: JobsFormat,
  context: FieldContext,
): string {
  const records = [
    ...jobs.map((job) =>
      jsonRecord(
        format.columns.map((column): [string, string] => [
          column.field.name.toUpperCase(),
          column.field.value(job, context),
        ]),
      ),
    ),
    ...missingJobIds.map(formatJobId).map((id) =>
      jsonRecord([
        ['JOBID', id],
        ['ERROR', `Job <${id}> is not found`],
      ]),
    ),
  ];
  const list = records.length === 0 ? '  ]' : `${records.join(',\n')}\n  ]`;
  return `{\n  "COMMAND":"bjobs",\n  "JOBS":${records.length},\n  "RECORDS":[\n${list}\n}\n`;
}
