import fc from 'fast-check';
import { decideMaster, ElectionInput, ElectionOutcome, Probe } from '../../src/domain/election';

const CANDIDATES: readonly string[] = ['hostA', 'hostB', 'hostC'];

function probe(name: string, overrides: Partial<Probe> = {}): Probe {
  return { name, reachable: true, isMaster: false, masterName: '', ...overrides };
}

function input(overrides: Partial<ElectionInput> & { self: string }): ElectionInput {
  return {
    candidates: CANDIDATES,
    selfIsMaster: false,
    probes: [],
    wasNextInLineLastRound: false,
    ...overrides,
  };
}

describe('decideMaster', () => {
  describe('with no master anywhere', () => {
    it('makes the first candidate claim mastership at once: nobody can come before it', () => {
      const outcome = decideMaster(
        input({ self: 'hostA', probes: [probe('hostB'), probe('hostC')] }),
      );
      expect(outcome).toEqual({ role: 'master' });
    });

    it('leaves a later candidate next in line on its first round when earlier ones are down', () => {
      const down = { reachable: false };
      const outcome = decideMaster(
        input({ self: 'hostB', probes: [probe('hostA', down), probe('hostC')] }),
      );
      expect(outcome).toEqual({ role: 'undecided', wouldClaim: true });
    });

    it('makes a later candidate claim on its second round as next in line', () => {
      const down = { reachable: false };
      const outcome = decideMaster(
        input({
          self: 'hostB',
          probes: [probe('hostA', down), probe('hostC')],
          wasNextInLineLastRound: true,
        }),
      );
      expect(outcome).toEqual({ role: 'master' });
    });

    it('never lets a later candidate claim while an earlier one is reachable, even after many rounds', () => {
      const outcome = decideMaster(
        input({
          self: 'hostB',
          probes: [probe('hostA'), probe('hostC')],
          wasNextInLineLastRound: true,
        }),
      );
      expect(outcome).toEqual({ role: 'undecided', wouldClaim: false });
    });

    it('settles lims started together on the first candidate', () => {
      // Every lim starts at once, none is master; run rounds where all decide from the same view.
      const names = [...CANDIDATES];
      const state = new Map(
        names.map((n) => [n, { master: false, nextInLine: false, follows: '' }]),
      );
      for (let round = 0; round < 4; round++) {
        const outcomes = new Map<string, ElectionOutcome>();
        for (const self of names) {
          const me = state.get(self)!;
          outcomes.set(
            self,
            decideMaster({
              self,
              candidates: CANDIDATES,
              selfIsMaster: me.master,
              wasNextInLineLastRound: me.nextInLine,
              probes: names
                .filter((n) => n !== self)
                .map((n) =>
                  probe(n, { isMaster: state.get(n)!.master, masterName: state.get(n)!.follows }),
                ),
            }),
          );
        }
        for (const [name, outcome] of outcomes) {
          state.set(name, {
            master: outcome.role === 'master',
            nextInLine: outcome.role === 'undecided' && outcome.wouldClaim,
            follows:
              outcome.role === 'slave' ? outcome.master : outcome.role === 'master' ? name : '',
          });
        }
      }
      expect(state.get('hostA')).toEqual({ master: true, nextInLine: false, follows: 'hostA' });
      expect(state.get('hostB')).toEqual({ master: false, nextInLine: false, follows: 'hostA' });
      expect(state.get('hostC')).toEqual({ master: false, nextInLine: false, follows: 'hostA' });
    });
  });

  describe('with a running master', () => {
    it('keeps mastership on the running master when an earlier candidate returns', () => {
      const outcome = decideMaster(
        input({
          self: 'hostB',
          selfIsMaster: true,
          probes: [probe('hostA'), probe('hostC', { masterName: 'hostB' })],
        }),
      );
      expect(outcome).toEqual({ role: 'master' });
    });

    it('makes the returning earlier candidate see the claimant and become its slave', () => {
      const outcome = decideMaster(
        input({
          self: 'hostA',
          wasNextInLineLastRound: true,
          probes: [
            probe('hostB', { isMaster: true, masterName: 'hostB' }),
            probe('hostC', { masterName: 'hostB' }),
          ],
        }),
      );
      expect(outcome).toEqual({ role: 'slave', master: 'hostB' });
    });

    it('resolves two claimants to the earlier one in candidate order, from either side', () => {
      const fromB = decideMaster(
        input({ self: 'hostB', selfIsMaster: true, probes: [probe('hostC', { isMaster: true })] }),
      );
      const fromC = decideMaster(
        input({ self: 'hostC', selfIsMaster: true, probes: [probe('hostB', { isMaster: true })] }),
      );
      const fromA = decideMaster(
        input({
          self: 'hostA',
          probes: [probe('hostC', { isMaster: true }), probe('hostB', { isMaster: true })],
        }),
      );
      expect(fromB).toEqual({ role: 'master' });
      expect(fromC).toEqual({ role: 'slave', master: 'hostB' });
      expect(fromA).toEqual({ role: 'slave', master: 'hostB' });
    });

    it('ignores a claim from an unreachable lim', () => {
      const outcome = decideMaster(
        input({
          self: 'hostB',
          probes: [probe('hostA', { reachable: false, isMaster: true })],
          wasNextInLineLastRound: true,
        }),
      );
      expect(outcome).toEqual({ role: 'master' });
    });

    it('ignores a claimant that is not in the candidate list', () => {
      const outcome = decideMaster(
        input({ self: 'hostA', probes: [probe('rogue', { isMaster: true }), probe('hostB')] }),
      );
      expect(outcome).toEqual({ role: 'master' });
    });

    it('keeps a candidate master when a non-candidate also claims', () => {
      const outcome = decideMaster(
        input({ self: 'hostC', selfIsMaster: true, probes: [probe('rogue', { isMaster: true })] }),
      );
      expect(outcome).toEqual({ role: 'master' });
    });
  });

  describe('on a host that is not a candidate', () => {
    it('never claims, however many rounds pass without a master', () => {
      const outcome = decideMaster(
        input({
          self: 'compute1',
          probes: [probe('hostA'), probe('hostB')],
          wasNextInLineLastRound: true,
        }),
      );
      expect(outcome).toEqual({ role: 'undecided', wouldClaim: false });
    });

    it('never claims even when no candidate is reachable', () => {
      const outcome = decideMaster(
        input({
          self: 'compute1',
          wasNextInLineLastRound: true,
          probes: CANDIDATES.map((name) => probe(name, { reachable: false })),
        }),
      );
      expect(outcome).toEqual({ role: 'undecided', wouldClaim: false });
    });

    it('follows the claimant', () => {
      const outcome = decideMaster(
        input({ self: 'compute1', probes: [probe('hostA'), probe('hostB', { isMaster: true })] }),
      );
      expect(outcome).toEqual({ role: 'slave', master: 'hostB' });
    });
  });

  describe('with unreachable candidates', () => {
    it('skips unreachable earlier candidates when choosing who is next in line', () => {
      const outcome = decideMaster(
        input({
          self: 'hostC',
          probes: [probe('hostA', { reachable: false }), probe('hostB', { reachable: false })],
        }),
      );
      expect(outcome).toEqual({ role: 'undecided', wouldClaim: true });
    });

    it('lets the next candidate take over on its second round after the master dies', () => {
      const probes = [
        probe('hostA', { reachable: false }),
        probe('hostC', { masterName: 'hostA' }),
      ];
      const first = decideMaster(input({ self: 'hostB', probes }));
      expect(first).toEqual({ role: 'undecided', wouldClaim: true });
      const second = decideMaster(input({ self: 'hostB', probes, wasNextInLineLastRound: true }));
      expect(second).toEqual({ role: 'master' });
      const third = decideMaster(
        input({
          self: 'hostC',
          probes: [probe('hostA', { reachable: false }), probe('hostB', { isMaster: true })],
        }),
      );
      expect(third).toEqual({ role: 'slave', master: 'hostB' });
    });
  });

  describe('in a simulated cluster', () => {
    interface LimState {
      master: boolean;
      nextInLine: boolean;
      follows: string;
    }

    /** Runs synchronous rounds: every up lim decides from the others' roles of the previous round. */
    function simulate(
      names: readonly string[],
      candidates: readonly string[],
      up: ReadonlySet<string>,
      initialMasters: ReadonlySet<string>,
      rounds: number,
    ): Map<string, LimState> {
      let state = new Map<string, LimState>(
        names
          .filter((n) => up.has(n))
          .map((n) => [
            n,
            {
              master: initialMasters.has(n),
              nextInLine: false,
              follows: initialMasters.has(n) ? n : '',
            },
          ]),
      );
      for (let round = 0; round < rounds; round++) {
        const next = new Map<string, LimState>();
        for (const [self, me] of state) {
          const outcome = decideMaster({
            self,
            candidates,
            selfIsMaster: me.master,
            wasNextInLineLastRound: me.nextInLine,
            probes: names
              .filter((n) => n !== self)
              .map((n) => {
                const other = state.get(n);
                return {
                  name: n,
                  reachable: other !== undefined,
                  isMaster: other?.master ?? false,
                  masterName: other?.follows ?? '',
                };
              }),
          });
          next.set(self, {
            master: outcome.role === 'master',
            nextInLine: outcome.role === 'undecided' && outcome.wouldClaim,
            follows:
              outcome.role === 'slave' ? outcome.master : outcome.role === 'master' ? self : '',
          });
        }
        state = next;
      }
      return state;
    }

    const cluster = fc.integer({ min: 1, max: 7 }).chain((size) => {
      const names = Array.from({ length: size }, (_, i) => `h${i}`);
      return fc
        .record({
          candidates: fc.shuffledSubarray(names, { minLength: 0 }),
          up: fc.subarray(names),
        })
        .chain(({ candidates, up }) =>
          // Only a candidate can ever have claimed mastership, so stale claims come from candidates.
          fc.record({
            names: fc.constant(names),
            candidates: fc.constant(candidates),
            up: fc.constant(up),
            initialMasters: fc.subarray(candidates),
          }),
        );
    });

    it('ends with at most one master once rounds converge, when all lims share one view of reachability', () => {
      fc.assert(
        fc.property(cluster, ({ names, candidates, up, initialMasters }) => {
          const state = simulate(
            names,
            candidates,
            new Set(up),
            new Set(initialMasters),
            names.length * 2 + 4,
          );
          const masters = [...state].filter(([, s]) => s.master).map(([n]) => n);
          expect(masters.length).toBeLessThanOrEqual(1);
          // Converged: one more round changes nothing.
          const again = simulate(
            names,
            candidates,
            new Set(up),
            new Set(initialMasters),
            names.length * 2 + 5,
          );
          expect(again).toEqual(state);
        }),
        { numRuns: 300 },
      );
    });

    it('ends with exactly one master, followed by every other lim, when any candidate is up', () => {
      fc.assert(
        fc.property(cluster, ({ names, candidates, up, initialMasters }) => {
          fc.pre(candidates.some((c) => up.includes(c)));
          const state = simulate(
            names,
            candidates,
            new Set(up),
            new Set(initialMasters),
            names.length * 2 + 4,
          );
          const masters = [...state].filter(([, s]) => s.master).map(([n]) => n);
          expect(masters).toHaveLength(1);
          expect(candidates).toContain(masters[0]);
          for (const [, s] of state) {
            expect(s.follows).toBe(masters[0]);
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});
