import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classifyJobDir, inspectJobDir, type JobDirFacts } from '../../src/domain/job-dir-scan';
import { removeTestDir } from '../runner-harness';

const PIDS = { pid: 4242, shepherdPid: 4241 };

function facts(overrides: Partial<JobDirFacts>): JobDirFacts {
  return { hasStatus: false, pids: PIDS, jobAlive: false, shepherdAlive: false, ...overrides };
}

describe('classifyJobDir', () => {
  it('takes a directory with a status file as a finished job, whatever else it holds', () => {
    expect(classifyJobDir(facts({ hasStatus: true }))).toEqual({ kind: 'finished' });
    expect(classifyJobDir(facts({ hasStatus: true, jobAlive: true }))).toEqual({
      kind: 'finished',
    });
  });

  it('re-adopts a job whose process or shepherd still lives', () => {
    expect(classifyJobDir(facts({ jobAlive: true }))).toEqual({ kind: 'running' });
    expect(classifyJobDir(facts({ shepherdAlive: true }))).toEqual({ kind: 'running' });
    expect(classifyJobDir(facts({ pids: null, shepherdAlive: true }))).toEqual({ kind: 'running' });
  });

  it('calls a job lost when nobody is left to write its status, saying why', () => {
    expect(classifyJobDir(facts({ pids: null }))).toEqual({
      kind: 'lost',
      reason: 'the shepherd ended before the job started',
    });
    expect(classifyJobDir(facts({}))).toEqual({
      kind: 'lost',
      reason: expect.stringContaining('gone without an exit status'),
    });
  });
});

describe('inspectJobDir', () => {
  let dir: string;
  let child: ChildProcess | null = null;
  const deadPid = (): number => spawnSync('true').pid;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sbatchd-scan-'));
  });

  afterEach(() => {
    child?.kill('SIGKILL');
    child = null;
    removeTestDir(dir);
  });

  it('sees the status file and the pids', () => {
    fs.writeFileSync(path.join(dir, 'pid'), `${deadPid()}\n${deadPid()}\n`);
    fs.writeFileSync(path.join(dir, 'status'), 'exit_code=0\ncpu_us=0\nmaxrss_kb=0\nend_ms=1\n');

    const found = inspectJobDir(dir);
    expect(found).toMatchObject({ hasStatus: true, jobAlive: false, shepherdAlive: false });
    expect(classifyJobDir(found).kind).toBe('finished');
  });

  it('sees a live job that leads its own process group', () => {
    child = spawn('sleep', ['10'], { detached: true, stdio: 'ignore' });
    fs.writeFileSync(path.join(dir, 'pid'), `${child.pid}\n${deadPid()}\n`);

    const found = inspectJobDir(dir);
    expect(found).toMatchObject({ hasStatus: false, jobAlive: true, shepherdAlive: false });
    expect(classifyJobDir(found).kind).toBe('running');
  });

  it('does not take a live process that is no shepherd for the shepherd', () => {
    fs.writeFileSync(path.join(dir, 'pid'), `${deadPid()}\n${process.pid}\n`);

    expect(inspectJobDir(dir).shepherdAlive).toBe(false);
  });

  it('finds a job lost when its pids are dead or it never got a pid', () => {
    expect(classifyJobDir(inspectJobDir(dir)).kind).toBe('lost');
    fs.writeFileSync(path.join(dir, 'pid'), `${deadPid()}\n${deadPid()}\n`);
    expect(classifyJobDir(inspectJobDir(dir)).kind).toBe('lost');
  });
});
