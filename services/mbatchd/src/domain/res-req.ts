/**
 * LSF resource requirement strings (`bsub -R`, queue RES_REQ): `select[...]`, `order[...]`,
 * `rusage[...]` and `span[...]` sections, a bare expression being the select part. Pure: it
 * knows resource names only through the lists it is given, so it is tested without a cluster.
 */

import { memoryKb } from '../../../common/src/config/limit-units';
import { checkResourceName, ResReqError, type ResourceKind } from './resource-kinds';
import { parseSelect, type SelectExpr } from './select-expr';

/** One key of `order[...]`: hosts with a better value of `name` come first. */
export interface OrderKey {
  name: string;
  /** `-name`: the opposite of the index's natural order. */
  reversed: boolean;
}

/** A requirement as the scheduler uses it, from one or several strings taken together. */
export interface ResReq {
  select: SelectExpr | null;
  order: OrderKey[];
  /** rusage[mem=...]: memory reserved on each host while the job runs, in MB. */
  rusageMemMb: number | null;
  /** span[hosts=1]: every slot on one host. */
  spanOneHost: boolean;
  /** span[ptile=N]: N slots on each host (the last may have fewer); null when not given. */
  ptile: number | null;
}

const SECTION = /\s*(select|order|rusage|span|same)\s*\[/y;

/**
 * Parses one or more requirement strings into one requirement: select parts are joined with
 * `&&`; for order, rusage and span a later string overrides an earlier one. `rusageUnitKb` is
 * the unit of a bare rusage mem number. Throws ResReqError on anything malformed.
 */
export function parseResReqs(
  texts: readonly string[],
  resources: ReadonlyMap<string, ResourceKind>,
  rusageUnitKb = 1024,
): ResReq {
  const combined: ResReq = {
    select: null,
    order: [],
    rusageMemMb: null,
    spanOneHost: false,
    ptile: null,
  };
  for (const text of texts) {
    const one = parseResReq(text, resources, rusageUnitKb);
    if (one.select) {
      combined.select = combined.select
        ? { kind: 'and', left: combined.select, right: one.select }
        : one.select;
    }
    if (one.order.length > 0) {
      combined.order = one.order;
    }
    combined.rusageMemMb = one.rusageMemMb ?? combined.rusageMemMb;
    if (one.spanOneHost || one.ptile !== null) {
      combined.spanOneHost = one.spanOneHost;
      combined.ptile = one.ptile;
    }
  }
  return combined;
}

function parseResReq(
  text: string,
  resources: ReadonlyMap<string, ResourceKind>,
  rusageUnitKb: number,
): ResReq {
  const result: ResReq = {
    select: null,
    order: [],
    rusageMemMb: null,
    spanOneHost: false,
    ptile: null,
  };
  const seen = new Set<string>();
  let position = 0;
  const trimmed = text.trim();
  if (trimmed !== '' && !startsSection(trimmed, 0)) {
    // A bare expression up to the first section is the select part.
    const end = firstSectionAt(trimmed);
    result.select = parseSelect(trimmed.slice(0, end), resources);
    seen.add('select');
    position = end;
  }
  while (position < trimmed.length) {
    SECTION.lastIndex = position;
    const match = SECTION.exec(trimmed);
    if (!match) {
      if (trimmed.slice(position).trim() === '') {
        break;
      }
      throw new ResReqError(`unexpected text at '${trimmed.slice(position)}'`);
    }
    const name = match[1];
    const close = trimmed.indexOf(']', SECTION.lastIndex);
    if (close < 0) {
      throw new ResReqError(`${name}[ is not closed`);
    }
    if (seen.has(name)) {
      throw new ResReqError(`${name}[] given twice`);
    }
    seen.add(name);
    applySection(result, name, trimmed.slice(SECTION.lastIndex, close), resources, rusageUnitKb);
    position = close + 1;
  }
  return result;
}

function startsSection(text: string, at: number): boolean {
  SECTION.lastIndex = at;
  return SECTION.test(text);
}

function firstSectionAt(text: string): number {
  const found = /(^|\s)(select|order|rusage|span|same)\s*\[/.exec(text);
  return found ? found.index : text.length;
}

function applySection(
  result: ResReq,
  name: string,
  body: string,
  resources: ReadonlyMap<string, ResourceKind>,
  rusageUnitKb: number,
): void {
  switch (name) {
    case 'select':
      result.select = body.trim() === '' ? null : parseSelect(body, resources);
      return;
    case 'order':
      result.order = parseOrder(body, resources);
      return;
    case 'rusage':
      result.rusageMemMb = parseRusage(body, resources, rusageUnitKb);
      return;
    case 'span':
      parseSpan(body, result);
      return;
    default:
      // same[...] only matters to jobs over several hosts of different types; LavaLite
      // checks its names and otherwise places the job as it would without it.
      body.split(/[:,]/).forEach((resource) => checkResourceName(resource.trim(), resources));
  }
}

function parseOrder(body: string, resources: ReadonlyMap<string, ResourceKind>): OrderKey[] {
  return body
    .split(/[:,]/)
    .map((key) => key.trim())
    .filter((key) => key !== '')
    .map((key) => {
      const reversed = key.startsWith('-');
      const name = reversed ? key.slice(1).trim() : key;
      if (resources.get(name) !== 'numeric') {
        throw new ResReqError(`order[] needs numeric indices, not '${name}'`);
      }
      return { name, reversed };
    });
}

const RUSAGE_TERM = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/;

function parseRusage(
  body: string,
  resources: ReadonlyMap<string, ResourceKind>,
  rusageUnitKb: number,
): number | null {
  let memMb: number | null = null;
  for (const part of body.split(',')) {
    const [resourceTerm, ...modifiers] = part.split(':').map((term) => term.trim());
    const resource = RUSAGE_TERM.exec(resourceTerm);
    if (!resource) {
      throw new ResReqError(`rusage term '${resourceTerm}' is not name=value`);
    }
    for (const modifier of modifiers) {
      if (!/^(duration|decay)\s*=\s*[0-9.]+[smh]?$/.test(modifier)) {
        throw new ResReqError(`rusage modifier '${modifier}' is not duration= or decay=`);
      }
    }
    const [, name, value] = resource;
    if (resources.get(name) !== 'numeric') {
      throw new ResReqError(`rusage of unknown resource '${name}'`);
    }
    const kb = memoryKb(value.trim(), rusageUnitKb);
    if (kb === null) {
      throw new ResReqError(`rusage value '${value}' is not an amount`);
    }
    if (name === 'mem') {
      memMb = kb / 1024;
    }
  }
  return memMb;
}

function parseSpan(body: string, result: ResReq): void {
  const term = /^\s*(hosts|ptile)\s*=\s*([0-9]+)\s*$/.exec(body);
  if (!term) {
    throw new ResReqError(`span[${body}] is neither hosts=1 nor ptile=N`);
  }
  const value = Number(term[2]);
  if (term[1] === 'hosts') {
    if (value !== 1) {
      throw new ResReqError('span[hosts=N] takes only 1');
    }
    result.spanOneHost = true;
  } else {
    if (value < 1) {
      throw new ResReqError('span[ptile=N] needs N of at least 1');
    }
    result.ptile = value;
  }
}
