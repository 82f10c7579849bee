import { HostFacts, hostMatches } from '../../src/domain/host-match';
import { parseResReqs } from '../../src/domain/res-req';
import { BUILT_IN_RESOURCES, ResourceKind, ResReqError } from '../../src/domain/resource-kinds';

const RESOURCES = new Map<string, ResourceKind>([
  ...BUILT_IN_RESOURCES,
  ['fs', 'boolean'],
  ['gpu', 'boolean'],
]);

function host(overrides: Partial<HostFacts> = {}): HostFacts {
  return {
    numbers: new Map([
      ['mem', 4000],
      ['maxmem', 8000],
      ['ncpus', 4],
      ['r1m', 0.5],
    ]),
    strings: new Map([
      ['type', 'X86_64'],
      ['model', 'Intel_EM64T'],
      ['hname', 'node1'],
    ]),
    booleans: new Set(['fs']),
    ...overrides,
  };
}

function select(text: string) {
  return parseResReqs([text], RESOURCES).select;
}

describe('parseResReqs', () => {
  it('takes a bare expression as the select part', () => {
    expect(hostMatches(select('mem>1000'), host())).toBe(true);
    expect(hostMatches(select('mem>5000'), host())).toBe(false);
  });

  it('reads memory units in select numbers as MB, the unit of the memory indices', () => {
    const matches = (text: string) => hostMatches(select(text), host());
    expect(matches('select[mem>3900MB]')).toBe(true);
    expect(matches('select[mem>4001MB]')).toBe(false);
    expect(matches('select[maxmem>=7.8G]')).toBe(true);
    expect(matches('select[maxmem>=8g]')).toBe(false);
    expect(matches('select[mem>3000000KB && maxmem<1TB]')).toBe(true);
    expect(matches('select[mem>4000M]')).toBe(false);
  });

  it('evaluates load indices, static facts, booleans, && || ! and parentheses', () => {
    const matches = (text: string) => hostMatches(select(text), host());
    expect(matches('select[fs && type==X86_64]')).toBe(true);
    expect(matches('select[gpu]')).toBe(false);
    expect(matches('select[!gpu && (maxmem >= 8000 || ncpus > 16)]')).toBe(true);
    expect(matches('select[(r1m < 0.1) || !fs]')).toBe(false);
    expect(matches("select[model != 'Other' && hname == node1]")).toBe(true);
    expect(matches('select[defined(fs)]')).toBe(true);
    expect(matches('select[ncpus=4]')).toBe(true);
  });

  it('reads order, rusage in LSF_UNIT_FOR_LIMITS units or its own, and span', () => {
    const req = parseResReqs(
      ['select[mem>10] order[-r1m:mem] rusage[mem=2048:duration=10m] span[ptile=2]'],
      RESOURCES,
      1024,
    );
    expect(req.order).toEqual([
      { name: 'r1m', reversed: true },
      { name: 'mem', reversed: false },
    ]);
    expect(req.rusageMemMb).toBe(2048);
    expect(req.ptile).toBe(2);
    expect(parseResReqs(['rusage[mem=2G]'], RESOURCES, 1).rusageMemMb).toBe(2048);
    expect(parseResReqs(['span[hosts=1]'], RESOURCES).spanOneHost).toBe(true);
  });

  it('joins the select parts of several -R with && and lets later sections override', () => {
    const req = parseResReqs(['mem>1000 rusage[mem=10]', 'select[fs] rusage[mem=20]'], RESOURCES);
    expect(hostMatches(req.select, host())).toBe(true);
    expect(hostMatches(req.select, host({ booleans: new Set() }))).toBe(false);
    expect(req.rusageMemMb).toBe(20);
  });

  it.each([
    'select[mem>]',
    'select[mem>100',
    'select[(mem>100]',
    'select[nosuch>1]',
    'select[mem]',
    'select[fs>1]',
    'select[mem>100 fs]',
    'select[] select[]',
    'order[type]',
    'rusage[mem]',
    'rusage[mem=lots]',
    'rusage[mem=10:when=now]',
    'span[hosts=2]',
    'span[ptile=0]',
    'span[cores=1]',
    'mem>1 junk[1]',
    'select[mem>1] trailing',
    'select[mem > 1 &&]',
    'select[1]',
  ])('refuses %j', (text) => {
    expect(() => parseResReqs([text], RESOURCES)).toThrow(ResReqError);
  });
});
