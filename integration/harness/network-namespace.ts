import { execFileSync } from 'node:child_process';

/**
 * A network namespace joined to this machine's by a veth pair on a private /30: the host
 * inside has `innerAddress`, this side of the link has `outerAddress`. Cutting the link takes
 * the inner end down, so packets between the two sides are lost (as on a pulled cable) while
 * both sides' daemons keep running. Traffic never leaves the two namespaces. Needs root.
 */
export class NetworkNamespace {
  readonly name: string;
  readonly outerAddress: string;
  readonly innerAddress: string;
  private readonly outerLink: string;
  private readonly innerLink: string;
  private created = false;

  /** `tag` tells namespaces apart (a process id and a counter); names stay within 15 bytes. */
  constructor(tag: string, subnet: { second: number; third: number; fourth: number }) {
    this.name = `i4-lavalite-${tag}`;
    this.outerLink = `i4-${tag}-o`;
    this.innerLink = `i4-${tag}-i`;
    const prefix = `10.${subnet.second}.${subnet.third}`;
    this.outerAddress = `${prefix}.${subnet.fourth + 1}`;
    this.innerAddress = `${prefix}.${subnet.fourth + 2}`;
  }

  create(): void {
    this.destroy();
    ip('netns', 'add', this.name);
    this.created = true;
    ip('link', 'add', this.outerLink, 'type', 'veth', 'peer', 'name', this.innerLink);
    ip('link', 'set', this.innerLink, 'netns', this.name);
    ip('addr', 'add', `${this.outerAddress}/30`, 'dev', this.outerLink);
    ip('link', 'set', this.outerLink, 'up');
    this.inside('addr', 'add', `${this.innerAddress}/30`, 'dev', this.innerLink);
    this.inside('link', 'set', 'lo', 'up');
    this.restore();
  }

  /** The command line that runs `program` inside the namespace (`ip netns exec` execs it). */
  wrap(program: string, args: readonly string[]): [string, string[]] {
    return ['ip', ['netns', 'exec', this.name, program, ...args]];
  }

  cut(): void {
    this.inside('link', 'set', this.innerLink, 'down');
  }

  restore(): void {
    this.inside('link', 'set', this.innerLink, 'up');
  }

  /** Removes the namespace and with it both ends of the link; safe to call twice. */
  destroy(): void {
    try {
      ip('netns', 'del', this.name);
    } catch {
      // It was never made, or is already gone.
    }
    try {
      ip('link', 'del', this.outerLink);
    } catch {
      // Deleting the namespace deleted the pair.
    }
    this.created = false;
  }

  get exists(): boolean {
    return this.created;
  }

  private inside(...args: string[]): void {
    ip('netns', 'exec', this.name, 'ip', ...args);
  }
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}
