import { CommandFailure } from './command-failure';
import { FieldDefinition, findField, JOB_FIELDS } from '../render/job-fields';

/** One column of `bjobs -o`: the field, its width (null: as wide as the value) and side. */
export interface FormatColumn {
  readonly field: FieldDefinition;
  readonly width: number | null;
  readonly rightAligned: boolean;
}

/** A parsed `-o` format: the columns in order and the delimiter between them. */
export interface JobsFormat {
  readonly columns: readonly FormatColumn[];
  readonly delimiter: string;
}

const DELIMITER = /\s*delimiter\s*=\s*(['"])(.*?)\1\s*$/;
/** `name`, `name:12`, `name:-12`, `name:` (recommended width), each with an optional `:MB`. */
const COLUMN = /^([A-Za-z_%]+)(?::(-?)(\d*))?(?::[A-Za-z]+)?$/;

/**
 * Reads LSF's `-o` string: `"field[:[-][width]][:unit] ... [delimiter='c']"`. Field names are
 * case-insensitive and may be aliases; `all` stands for every field. Without a width a column
 * is as wide as its value; a bare `:` asks for the field's recommended width.
 */
export function parseJobsFormat(text: string): JobsFormat {
  let spec = text;
  let delimiter = ' ';
  const found = DELIMITER.exec(spec);
  if (found) {
    delimiter = found[2];
    spec = spec.slice(0, found.index);
  }

  const columns: FormatColumn[] = [];
  for (const word of spec.split(/\s+/).filter((item) => item !== '')) {
    const parts = COLUMN.exec(word);
    if (parts && parts[1].toLowerCase() === 'all') {
      columns.push(...JOB_FIELDS.map((field) => ({ field, width: null, rightAligned: false })));
      continue;
    }
    const field = parts ? findField(parts[1]) : undefined;
    if (!parts || !field) {
      throw new CommandFailure(`${word}: Illegal field name in the -o format string`);
    }
    const hasColon = word.includes(':');
    const width = parts[3] ? Number(parts[3]) : hasColon && parts[2] === '' ? field.width : null;
    columns.push({ field, width, rightAligned: parts[2] === '-' });
  }
  if (columns.length === 0) {
    throw new CommandFailure('The -o format string names no field');
  }
  return { columns, delimiter };
}
