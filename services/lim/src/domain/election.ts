/** What one probe of another lim found. */
export interface Probe {
  name: string;
  reachable: boolean;
  isMaster: boolean;
  /** The master the probed lim follows, when it knows one. */
  masterName: string;
}

export interface ElectionInput {
  self: string;
  /** LSF_MASTER_LIST, or the server hosts of the cluster file, in order. */
  candidates: readonly string[];
  selfIsMaster: boolean;
  /** Probes of every other host of interest, taken in the same round. */
  probes: readonly Probe[];
  /**
   * True when the previous round also found no master and this lim next in line.
   * A candidate other than the first claims only on the second such round, so that lims
   * started together settle on the first candidate instead of whichever probed first.
   */
  wasNextInLineLastRound: boolean;
}

export type ElectionOutcome =
  /** This lim is (or becomes) the master. */
  | { role: 'master' }
  /** Another lim is the master. */
  | { role: 'slave'; master: string }
  /** No master yet; `wouldClaim` says whether this lim is next in line. */
  | { role: 'undecided'; wouldClaim: boolean };

/**
 * Decides who the master is. A lim that already claims mastership keeps it while no
 * earlier candidate also claims, so a returning master rejoins as a slave; with no claimant,
 * the first reachable candidate in order takes over.
 */
export function decideMaster(input: ElectionInput): ElectionOutcome {
  const rank = (name: string): number => {
    const index = input.candidates.indexOf(name);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  const claimants = input.probes
    .filter(
      (probe) => probe.reachable && probe.isMaster && rank(probe.name) !== Number.MAX_SAFE_INTEGER,
    )
    .map((probe) => probe.name);
  if (input.selfIsMaster) {
    claimants.push(input.self);
  }

  if (claimants.length > 0) {
    const master = claimants.sort((a, b) => rank(a) - rank(b))[0];
    return master === input.self ? { role: 'master' } : { role: 'slave', master };
  }

  const reachable = new Set(input.probes.filter((p) => p.reachable).map((p) => p.name));
  reachable.add(input.self);
  const first = input.candidates.find((name) => reachable.has(name));
  const wouldClaim = first === input.self;
  const nobodyBefore = input.candidates[0] === input.self;
  if (wouldClaim && (nobodyBefore || input.wasNextInLineLastRound)) {
    return { role: 'master' };
  }
  return { role: 'undecided', wouldClaim };
}
