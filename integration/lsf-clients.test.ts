import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestCluster } from './harness/cluster';
import { CommandResult, run, waitFor } from './harness/processes';

/**
 * The merged requirements table of shared/reference/clients.md, row by row, against the
 * installed commands, the way the workflow clients call them and parse their answers. Each
 * `it` names the rows it proves.
 */
describe('what workflow clients need from the LSF commands', () => {
  const cluster = new TestCluster({
    hosts: 1,
    lsbParams: { MBD_SLEEP_TIME: 0.2, SBD_HEARTBEAT_INTERVAL: 0.5, JOB_TERMINATE_INTERVAL: 1 },
  });
  const [host] = cluster.hosts;
  const work = path.join(cluster.dir, 'work-area');
  const SUBMITTED = /^Job <(\d+)> is submitted to (default )?queue <normal>\.\n$/;

  /** Runs a shell command line in the work area, as clients run bsub and bjobs. */
  function sh(script: string, env: NodeJS.ProcessEnv = {}, input?: string): Promise<CommandResult> {
    return run('/bin/sh', ['-c', script], {
      env: { ...cluster.env, ...env },
      cwd: work,
      input,
      timeoutMs: 30_000,
    });
  }

  async function submitted(result: CommandResult): Promise<number> {
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(SUBMITTED);
    return Number(SUBMITTED.exec(result.stdout)![1]);
  }

  async function stat(id: number): Promise<string> {
    return (await sh(`bjobs -noheader -o stat ${id}`)).stdout.trim();
  }

  async function ended(id: number): Promise<string> {
    return waitFor(`job ${id} to end`, async () => {
      const state = await stat(id);
      return state === 'DONE' || state === 'EXIT' ? state : undefined;
    });
  }

  function read(file: string): string {
    return fs.readFileSync(path.join(work, file), 'utf8');
  }

  /** The Snakemake lsf profile's fallback: the line two above `Resource usage summary:`. */
  function reportOutcome(file: string): string {
    const lines = read(file).split('\n').slice(-30);
    return lines[lines.indexOf('Resource usage summary:') - 2];
  }

  beforeAll(async () => {
    fs.mkdirSync(work);
    fs.appendFileSync(path.join(cluster.envDir, 'lsf.conf'), 'LSF_UNIT_FOR_LIMITS=MB\n');
    await cluster.startAll();
  }, 30_000);

  afterAll(() => cluster.teardown());

  it('rows 1, 6, 7, 8, 37: a whole command line as one word runs through /bin/sh', async () => {
    fs.mkdirSync(path.join(work, 'sub'));
    const id = await submitted(
      await sh(
        `bsub -cwd sub -o 'out.%J' -e 'err.%J' 'echo "$LSB_JOBID $LSB_JOBINDEX $LSB_QUEUE ` +
          `$LSB_JOBNAME|$LSB_HOSTS|$LSB_MCPU_HOSTS|$LSB_DJOB_NUMPROC|$LS_SUBCWD|$LSB_OUTPUTFILE"; ` +
          `pwd; echo oops >&2'`,
      ),
    );
    expect(await ended(id)).toBe('DONE');

    const out = fs.readFileSync(path.join(work, 'sub', `out.${id}`), 'utf8').split('\n');
    expect(out[0]).toBe(
      `${id} 0 normal echo "$LSB_JOBID $LSB_JOBINDEX $LSB_QUEUE $LSB_JOBNAME|$LSB_HOSTS|` +
        `$LSB_MCPU_HOSTS|$LSB_DJOB_NUMPROC|$LS_SUBCWD|$LSB_OUTPUTFILE"; pwd; echo oops >&2` +
        `|host2|host2 1 |1|${work}/sub|out.${id}`,
    );
    expect(out[1]).toBe(path.join(fs.realpathSync(work), 'sub'));
    expect(fs.readFileSync(path.join(work, 'sub', `err.${id}`), 'utf8')).toBe('oops\n');
    const lines = fs.readFileSync(path.join(work, 'sub', `out.${id}`), 'utf8').split('\n');
    expect(lines[lines.indexOf('Resource usage summary:') - 2]).toBe('Successfully completed.');
    expect(lines).toContain(`Read file <err.${id}> for stderr output of this job.`);
  }, 30_000);

  it('row 37: the error file, project, job pid and host files are in the environment', async () => {
    const id = await submitted(
      await sh(
        `bsub -P proj7 -o env.%J -e envErr.%J ` +
          `'echo "$LSB_ERRORFILE|$LSB_PROJECT_NAME|$$|$LS_JOBPID|$LSB_SUB_HOST"; ` +
          `cat "$LSB_DJOB_HOSTFILE"'`,
      ),
    );
    expect(await ended(id)).toBe('DONE');
    const [variables, hostFile] = read(`env.${id}`).split('\n');
    const [errorFile, project, shellPid, jobPid, subHost] = variables.split('|');
    expect([errorFile, project]).toEqual([`envErr.${id}`, 'proj7']);
    expect(jobPid).toBe(shellPid);
    expect(subHost).toBe((await sh(`bjobs -noheader -o from_host ${id}`)).stdout.trim());
    expect(hostFile).toBe(host.name);
  }, 30_000);

  it('rows 6, 7: -o appends, -oo overwrites, a failure reports its exit code', async () => {
    fs.writeFileSync(path.join(work, 'kept.out'), 'earlier\n');
    fs.writeFileSync(path.join(work, 'replaced.out'), 'earlier\n');
    const kept = await submitted(await sh(`bsub -o kept.out 'echo now; exit 3'`));
    const replaced = await submitted(await sh(`bsub -oo replaced.out -eo replaced.err echo now`));
    expect(await ended(kept)).toBe('EXIT');
    expect(await ended(replaced)).toBe('DONE');

    expect(read('kept.out').startsWith('earlier\nnow\n')).toBe(true);
    expect(reportOutcome('kept.out')).toBe('Exited with exit code 3.');
    expect(read('replaced.out').startsWith('now\n')).toBe(true);
    expect(reportOutcome('replaced.out')).toBe('Successfully completed.');
    const usage = read('kept.out').split('\n');
    const value = (label: string): string =>
      usage.find((line) => line.startsWith(`    ${label} :`))!.slice(49);
    expect(value('CPU time')).toMatch(/^\d+\.\d\d sec\.$/);
    expect(value('Max Memory')).toMatch(/^[1-9]\d* MB$/);
    expect(value('Run time')).toMatch(/^\d+ sec\.$/);
  }, 30_000);

  it('row 2: a script on stdin, quoted #BSUB values, the command line winning, its #!', async () => {
    const script = [
      '#!/bin/bash',
      '#BSUB -J "from the script"',
      '#BSUB -o stdin.%J.out',
      "#BSUB -P 'my project'",
      '#BSUB -q normal',
      'echo "bash ${BASH_VERSION%%.*}"',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(work, 'job.sh'), script);
    const id = await submitted(await sh('bsub -J "cli name" < job.sh'));
    expect(await ended(id)).toBe('DONE');
    const fields = await sh(`bjobs -noheader -o "job_name proj_name queue delimiter='|'" ${id}`);
    expect(fields.stdout).toBe('cli name|my project|normal\n');
    expect(read(`stdin.${id}.out`)).toMatch(/^bash \d+\n/);
    // bjobs -l shows the script's own lines as the command, as LSF does, not how it is run.
    const long = (await sh(`bjobs -l ${id}`)).stdout.replace(/\n {21}/g, '');
    expect(long).toContain(
      'Command <#!/bin/bash;#BSUB -J "from the script";#BSUB -o stdin.%J.out;',
    );
    expect(long).not.toContain('/dev/fd/3');

    // Without -J a script names the job, on one line.
    fs.writeFileSync(path.join(work, 'plain.sh'), 'echo one\necho two\n');
    const plain = await submitted(await sh('bsub -o plain.out < plain.sh'));
    expect(await ended(plain)).toBe('DONE');
    expect((await sh(`bjobs -noheader -o name ${plain}`)).stdout).toBe('echo one;echo two\n');
  }, 30_000);

  it('row 3: an executable script path runs, and its #BSUB lines are read', async () => {
    const script = path.join(work, 'snakejob.sh');
    fs.writeFileSync(script, '#!/bin/sh\n#BSUB -J from-file\n#BSUB -o path.%J.out\necho ran\n', {
      mode: 0o755,
    });
    const id = await submitted(await sh(`bsub ${script}`));
    expect(await ended(id)).toBe('DONE');
    expect((await sh(`bjobs -noheader -o name ${id}`)).stdout).toBe('from-file\n');
    expect(read(`path.${id}.out`).startsWith('ran\n')).toBe(true);
  }, 30_000);

  it('row 4: bsub -K waits, says so on stderr, and exits with the job exit status', async () => {
    const failed = await sh(`bsub -K 'exit 5'`);
    expect(failed.code).toBe(5);
    expect(failed.stdout).toMatch(SUBMITTED);
    expect(failed.stderr).toBe(
      '<<Waiting for dispatch ...>>\n<<Starting on host2>>\n<<Job is finished>>\n',
    );
    expect((await sh(`bsub -K -o /dev/null true`)).code).toBe(0);
  }, 30_000);

  it('rows 5, 13, 14, 15: long odd names, accepted options, the -env forms, -i', async () => {
    const name = `Snakemake_rule_x:a=1,b=(2).c/d - ${'n'.repeat(450)}`;
    fs.writeFileSync(path.join(work, 'in.txt'), 'from stdin\n');
    const id = await submitted(
      await sh(
        `bsub -J '${name}' -P proj -G grp -g /grp -U resv -a 'docker(x)' -u me@x -N -B -r ` +
          `-nnodes 1 -gpu num=1 -c 10 -L /bin/sh -E true -Ep true -i in.txt ` +
          `-env 'none, KEEP=yes' -o env.out 'cat; echo "[$KEEP][$DROP]"'`,
        { DROP: 'dropped' },
      ),
    );
    expect(await ended(id)).toBe('DONE');
    expect((await sh(`bjobs -noheader -o job_name ${id}`)).stdout).toBe(`${name}\n`);
    expect(read('env.out').startsWith('from stdin\n[yes][]\n')).toBe(true);

    const all = await submitted(
      await sh(`bsub -env all -o envall.out 'echo "[$DROP]"'`, { DROP: 'd' }),
    );
    expect(await ended(all)).toBe('DONE');
    expect(read('envall.out').startsWith('[d]\n')).toBe(true);

    // A command or script with brackets is no job array unless -J names one.
    const brackets = await submitted(
      await sh('bsub -o brackets.out', {}, 'if [ -d . ]; then echo "[ok]"; fi\n'),
    );
    expect(await ended(brackets)).toBe('DONE');
    expect(read('brackets.out').startsWith('[ok]\n')).toBe(true);

    const refused = await sh('bsub -q nosuch sleep 1');
    expect(refused).toEqual({
      code: 255,
      stdout: '',
      stderr: 'nosuch: No such queue. Job not submitted.\n',
    });
  }, 30_000);

  it('rows 9 to 12: -n, several -R, -M with and without units, -W in minutes and H:M', async () => {
    const limits = async (args: string): Promise<string> => {
      const id = await submitted(await sh(`bsub ${args} -o /dev/null true`));
      expect(await ended(id)).toBe('DONE');
      return (await sh(`bjobs -l ${id}`)).stdout;
    };
    const first = await limits(
      `-n 1 -R 'select[mem>10MB] rusage[mem=10MB]' -R 'select[tmp>=1] rusage[tmp=1]' -R 'span[hosts=1]' -M 100 -W 1:05`,
    );
    expect(first).toMatch(/\n RUNLIMIT +\n 65\.0 min +\n/);
    expect(first).toMatch(/\n MEMLIMIT\n +100 M \n/);
    const second = await limits(`-R 'span[ptile=1]' -M 1048576KB -W 90`);
    expect(second).toMatch(/\n RUNLIMIT +\n 90\.0 min +\n/);
    expect(second).toMatch(/\n MEMLIMIT\n +1 G \n/);
    expect(await limits('-M 105MB -W 00:30')).toMatch(/\n MEMLIMIT\n +105 M \n/);
    expect(await limits('-M 2G')).toMatch(/\n MEMLIMIT\n +2 G \n/);
    expect(await limits('-M 100M')).toMatch(/\n MEMLIMIT\n +100 M \n/);
  }, 40_000);

  it('rows 16, 17, 20, 38: bjobs -json for known and unknown ids, exit 0, empty stderr', async () => {
    const done = await submitted(await sh('bsub -o /dev/null true'));
    const failed = await submitted(await sh("bsub -o /dev/null 'exit 7'"));
    await ended(done);
    await ended(failed);

    const fields =
      'JOBID USER STAT EXIT_CODE EXIT_REASON PEND_REASON START_TIME KILL_REASON SUSPEND_REASON';
    const result = await sh(`bjobs -json -o "${fields}" -a ${done} ${failed} 999999 2>&1`);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.COMMAND).toBe('bjobs');
    expect(parsed.JOBS).toBe(3);
    expect(parsed.RECORDS[0]).toMatchObject({ JOBID: String(done), STAT: 'DONE', EXIT_CODE: '' });
    expect(Object.keys(parsed.RECORDS[0])).toEqual(fields.split(' '));
    expect(parsed.RECORDS[1]).toMatchObject({ STAT: 'EXIT', EXIT_CODE: '7', EXIT_REASON: '' });
    expect(parsed.RECORDS[2]).toEqual({ JOBID: '999999', ERROR: 'Job <999999> is not found' });
    expect(result.stdout).toContain(
      `{\n  "COMMAND":"bjobs",\n  "JOBS":3,\n  "RECORDS":[\n    {\n      "JOBID":"${done}",`,
    );

    const table = await sh(`bjobs -a ${done} 999999`);
    expect(table.code).toBe(255);
    expect(table.stderr).toBe('Job <999999> is not found\n');
    expect(table.stdout.split('\n')[1].split(/\s+/)[2]).toBe('DONE');
  }, 30_000);

  it('rows 18, 19, 21: -o with a delimiter, -noheader, -w, plain bjobs and -aJ patterns', async () => {
    const uuid = `u${Date.now()}`;
    const running = await submitted(await sh(`bsub -J 'Snakemake_rule_a___(${uuid})' sleep 60`));
    const quick = await submitted(await sh(`bsub -J 'Snakemake_rule_b___(${uuid})' true`));
    await ended(quick);
    await waitFor('RUN', async () => (await stat(running)) === 'RUN');

    const custom = await sh(`bjobs -o "JobId STAT exit_code queue delimiter='|'" ${quick}`);
    expect(custom).toEqual({
      code: 0,
      stderr: '',
      stdout: `JOBID|STAT|EXIT_CODE|QUEUE\n${quick}|DONE|-|normal\n`,
    });
    expect((await sh(`bjobs -noheader -o 'jobid stat' ${running} ${quick}`)).stdout).toBe(
      `${running} RUN\n${quick} DONE\n`,
    );

    const wide = await sh('bjobs -w');
    const header =
      'JOBID   USER    STAT  QUEUE      FROM_HOST   EXEC_HOST   JOB_NAME   SUBMIT_TIME';
    expect(wide.stdout.split('\n')[0]).toBe(header);
    const rows = wide.stdout
      .split('\n')
      .slice(1)
      .filter((line) => line !== '');
    expect(rows.map((row) => row.split(/\s+/)[0])).toContain(String(running));
    expect(rows.map((row) => row.split(/\s+/)[0])).not.toContain(String(quick));
    expect((await sh('bjobs')).stdout.split('\n')[0]).toBe(header);
    const inQueue = await sh('bjobs -w -q normal');
    expect(inQueue.stdout.split('\n')[1].split(/\s+/).slice(0, 4)).toEqual([
      String(running),
      os.userInfo().username,
      'RUN',
      'normal',
    ]);

    const matched = await sh(`bjobs -noheader -o 'jobid stat' -aJ '*${uuid}*'`);
    expect(matched.stdout.split('\n').filter(Boolean).sort()).toEqual(
      [`${running} RUN`, `${quick} DONE`].sort(),
    );
    await sh(`bkill ${running}`);
    await ended(running);
    const none = await sh('bjobs');
    expect(none).toEqual({ code: 255, stdout: '', stderr: 'No unfinished job found\n' });
    const nobody = await sh('bjobs -u no_such_user_x');
    expect(nobody).toEqual({ code: 255, stdout: '', stderr: 'no_such_user_x: Unknown user\n' });
    const idle = await sh('bjobs -u daemon');
    expect(idle).toEqual({ code: 255, stdout: '', stderr: 'No unfinished job found\n' });
  }, 40_000);

  it("bjobs shows a running job's CPU time, memory and processes as measured", async () => {
    const busy = 'while :; do :; done';
    const id = await submitted(await sh(`bsub -o /dev/null '${busy}'`));
    const usage = async (): Promise<string> =>
      (await sh(`bjobs -noheader -o "cpu_used mem pids delimiter='|'" ${id}`)).stdout.trim();
    await waitFor('a second of CPU measured', async () => {
      const seconds = Number(/^([\d.]+) second/.exec(await usage())?.[1] ?? 0);
      return seconds >= 1;
    });

    const [, memory, pids] = (await usage()).split('|');
    expect(memory).toMatch(/^\d+ Mbytes$/);
    const pgid = Number(pids.split(',')[0]);
    expect(pgid).toBeGreaterThan(0);
    const long = (await sh(`bjobs -l ${id}`)).stdout;
    expect(long).toMatch(/: Resource usage collected\.\n {21}The CPU time used is \d+ seconds\.\n/);
    expect(long).toMatch(new RegExp(` {21}PGID: ${pgid};  PIDs: ${pgid}[ \\d]*\\n`));

    await sh(`bkill ${id}`);
    expect(await ended(id)).toBe('EXIT');
  }, 40_000);

  it('row 22: bjobs -l wraps at 79 columns with a 21-space indent', async () => {
    const id = await submitted(
      await sh(
        `bsub -J ${'long_name_'.repeat(8)} -o /dev/null 'head -c 20000000 /dev/zero | tail -c 1; exit 4'`,
      ),
    );
    await ended(id);
    const long = (await sh(`bjobs -l ${id}`)).stdout;
    for (const line of long.split('\n')) {
      expect(line.length).toBeLessThanOrEqual(79);
    }
    const joined = long.replace(/\n {21}/g, '');
    expect(joined).toContain(`Job <${id}>, Job Name <${'long_name_'.repeat(8)}>, User <`);
    expect(joined).toContain('Status <EXIT>');
    expect(joined).toMatch(/: Exited with exit code 4\. The CPU time used is [\d.]+ seconds\./);
    expect(joined).toMatch(/ MAX MEM: \d+ Mbytes;/);
  }, 30_000);

  it('rows 24, 25: bkill of several ids answers at once; INT, then TERM a trap can clean up on', async () => {
    const trapped = [
      "trap 'echo int >> trace; date +%s.%N > int.time' INT",
      "trap 'date +%s.%N > term.time; echo term >> trace; sleep 0.2; echo cleaned >> trace; exit 143' TERM",
      'echo ready > ready',
      'while :; do sleep 0.1; done',
    ].join('\n');
    const stubborn = "trap '' INT TERM; while :; do sleep 0.1; done";
    fs.writeFileSync(path.join(work, 'trapped.sh'), trapped);
    fs.writeFileSync(path.join(work, 'stubborn.sh'), stubborn);
    const first = await submitted(await sh('bsub -o /dev/null sh trapped.sh'));
    const second = await submitted(await sh('bsub -o /dev/null sh stubborn.sh'));
    await waitFor(
      'both running',
      async () => (await stat(first)) === 'RUN' && (await stat(second)) === 'RUN',
    );
    await waitFor('traps set', async () => fs.existsSync(path.join(work, 'ready')));

    const started = Date.now();
    const killed = await sh(`bkill ${first} ${second}`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(killed).toEqual({
      code: 0,
      stderr: '',
      stdout: `Job <${first}> is being terminated\nJob <${second}> is being terminated\n`,
    });
    expect(await ended(first)).toBe('EXIT');
    expect(await ended(second)).toBe('EXIT');
    expect(read('trace')).toBe('int\nterm\ncleaned\n');
    // JOB_TERMINATE_INTERVAL is 1 s in this cluster.
    const spacing = Number(read('term.time')) - Number(read('int.time'));
    expect(spacing).toBeGreaterThan(0.8);
    expect(spacing).toBeLessThan(3);
    const codes = await sh(
      `bjobs -noheader -o "exit_code exit_reason delimiter='|'" ${first} ${second}`,
    );
    expect(codes.stdout).toBe(
      '143|TERM_OWNER: job killed by owner\n137|TERM_OWNER: job killed by owner\n',
    );

    // Snakemake's profile sends bkill -r (EXIT at once), Nextflow bkill -d (DONE once ended).
    const forced = await submitted(await sh('bsub -o /dev/null sleep 60'));
    const done = await submitted(await sh('bsub -o /dev/null sleep 60'));
    await waitFor(
      'RUN',
      async () => (await stat(forced)) === 'RUN' && (await stat(done)) === 'RUN',
    );
    expect((await sh(`bkill -r ${forced}`)).stdout).toBe(`Job <${forced}> is being terminated\n`);
    expect((await sh(`bkill -d ${done}`)).stdout).toBe(`Job <${done}> is being terminated\n`);
    expect(await ended(forced)).toBe('EXIT');
    expect(await ended(done)).toBe('DONE');

    const again = await sh(`bkill ${first} 999999`);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toBe(
      `Job <${first}>: Job has already finished\nJob <999999>: No matching job found\n`,
    );
  }, 40_000);

  it('rows 26, 27: bacct -l and bhist -l tell done from exit', async () => {
    const done = await submitted(await sh('bsub -P acct -o /dev/null true'));
    const failed = await submitted(await sh("bsub -o /dev/null 'exit 2'"));
    await ended(done);
    await ended(failed);
    const joined = (text: string): string => text.replace(/\n {21}/g, '');

    expect(joined((await sh(`bacct -l ${done}`)).stdout)).toContain('Completed <done>.');
    expect(joined((await sh(`bacct -l ${failed}`)).stdout)).toContain('Completed <exit>.');
    const history = joined((await sh(`bhist -l -a ${done}`)).stdout);
    expect(history).toContain('Done successfully.');
    expect(history).toContain('Project <acct>');
    const exited = joined((await sh(`bhist -a -l ${failed}`)).stdout);
    const stamp = '\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d: ';
    expect(exited).toMatch(
      new RegExp(
        `\\n${stamp}Exited with exit code 2\\. The CPU time used is \\d+\\.\\d seconds;\\n` +
          `${stamp}Completed <exit>;\\n`,
      ),
    );
    expect(history).not.toContain('Completed');
  }, 30_000);

  it('bpeek shows the output so far, -f follows it to the end, errors for the other states', async () => {
    const id = await submitted(
      await sh("bsub -o peek.out -e peek.err 'echo one; echo bad >&2; sleep 2; echo two'"),
    );
    await waitFor(
      'first line',
      async () => fs.existsSync(path.join(work, 'peek.out')) && read('peek.out') === 'one\n',
    );
    const peek = await sh(`bpeek ${id}`);
    expect(peek).toEqual({
      code: 0,
      stderr: '',
      stdout: '<< output from stdout >>\none\n\n<< output from stderr >>\nbad\n',
    });
    const follow = await sh(`bpeek -f ${id}`);
    // The job's output only, as LSF's bpeek: never the job report appended at the end.
    expect(follow).toEqual({ code: 0, stderr: '', stdout: '<< output from stdout >>\none\ntwo\n' });
    expect(await ended(id)).toBe('DONE');
    expect(await sh(`bpeek ${id}`)).toEqual({
      code: 255,
      stdout: '',
      stderr: `Job <${id}> : Already finished.\n`,
    });

    expect((await sh(`badmin hclose ${host.name}`)).code).toBe(0);
    try {
      const pending = await submitted(await sh('bsub true'));
      expect((await sh(`bpeek ${pending}`)).stderr).toBe(`Job <${pending}> : Not yet started.\n`);
      await sh(`bkill ${pending}`);
    } finally {
      await sh(`badmin hopen ${host.name}`);
    }
  }, 40_000);

  it('-o and -e ending with / are directories, made as needed, for <id>.out and .err', async () => {
    const id = await submitted(await sh("bsub -o logs/ -e logs/ 'echo to out; echo to err >&2'"));
    expect(await ended(id)).toBe('DONE');

    expect(read(`logs/${id}.out`).startsWith('to out\n')).toBe(true);
    expect(read(`logs/${id}.out`)).toContain('Successfully completed.');
    expect(read(`logs/${id}.err`)).toBe('to err\n');
  }, 30_000);

  it('bpeek finds the output of a job without -o in its spool file in JOB_SPOOL_DIR', async () => {
    // A job of an earlier cluster with the same id must not show: the name has the submit time.
    const id = await submitted(await sh("bsub 'echo spooled; sleep 2'"));
    await waitFor('spooled output', async () =>
      (await sh(`bpeek ${id}`)).stdout.includes('spooled'),
    );
    expect((await sh(`bpeek ${id}`)).stdout).toBe('<< output from stdout >>\nspooled\n');
    expect(await ended(id)).toBe('DONE');

    // The harness sets JOB_SPOOL_DIR to the cluster's spool directory.
    const spooled = fs.readdirSync(path.join(cluster.dir, 'spool'));
    const file = spooled.find((name) => name.endsWith(`.${id}.out`));
    expect(file).toMatch(/^\d{10}\.\d+\.out$/);
    const text = fs.readFileSync(path.join(cluster.dir, 'spool', file!), 'utf8');
    expect(text.startsWith('spooled\n')).toBe(true);
    expect(text).toContain('Successfully completed.');
  }, 30_000);

  it('bwait waits for a condition, says when it can never hold, and times out', async () => {
    const slow = await submitted(await sh('bsub -o /dev/null sleep 1'));
    const failing = await submitted(await sh("bsub -o /dev/null 'exit 2'"));
    const waited = await sh(`bwait -w 'done(${slow}) && exit(${failing}, == 2)'`);
    expect(waited).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await stat(slow)).toBe('DONE');

    const never = await sh(`bwait -w 'done(${failing})'`);
    expect(never).toEqual({
      code: 255,
      stdout: '',
      stderr: `done(${failing}): Wait condition is never satisfied\n`,
    });
    const long = await submitted(await sh('bsub -o /dev/null sleep 60'));
    const timedOut = await sh(`bwait -w 'ended(${long})' -t 0.02`);
    expect(timedOut.code).toBe(255);
    expect(timedOut.stderr).toBe(`ended(${long}): Wait condition timed out\n`);
    expect((await sh("bwait -w 'done(1'")).stderr).toBe(
      'done(1: Dependency condition syntax error\n',
    );
    await sh(`bkill ${long}`);
  }, 30_000);

  it('rows 28 to 32: bparams -a, lsadmin and badmin showconf, lsclusters, lsid', async () => {
    const params = await sh('bparams -a');
    expect(params.code).toBe(0);
    expect(params.stdout).toMatch(/^ {4}CLEAN_PERIOD = 3600$/m);
    expect(params.stdout).toMatch(/^ {4}JOB_TERMINATE_INTERVAL = 1$/m);

    const lim = await sh('lsadmin showconf lim');
    expect(lim.stdout).toMatch(/^ {4}LSF_UNIT_FOR_LIMITS = MB$/m);

    const mbd = (await sh('badmin showconf mbd')).stdout.trimEnd().split('\n');
    const settings = new Map(
      mbd.slice(1).map((line) => line.trim().split(' = ') as [string, string]),
    );
    expect(mbd.slice(1).every((line) => line.includes(' = '))).toBe(true);
    expect(settings.get('LSF_CONFDIR')).toBe(cluster.envDir);
    expect(settings.get('LSB_SHAREDIR')).toBe(path.join(cluster.dir, 'work'));
    expect(settings.get('LSF_UNIT_FOR_LIMITS')).toBe('MB');

    const clusters = (await sh('lsclusters')).stdout.split('\n');
    expect(clusters[1].split(/\s+/)[0]).toBe('testcluster');
    const lsid = (await sh('lsid')).stdout;
    expect(lsid).toMatch(/^\S+ \d+\.\d+\.\d+, /);
    expect(lsid).toContain('My cluster name is testcluster\nMy master name is host2\n');
  });

  it('a job script written for LSF, with a dozen #BSUB lines, runs unchanged', async () => {
    const script = [
      '#!/bin/bash',
      '#BSUB -J lsf_script_job',
      '#BSUB -q normal',
      '#BSUB -n 1',
      '#BSUB -R "span[hosts=1]"',
      '#BSUB -R "rusage[mem=100MB]"',
      '#BSUB -M 200MB',
      '#BSUB -W 00:10',
      '#BSUB -o lsfjob.%J.out',
      '#BSUB -e lsfjob.%J.err',
      '#BSUB -cwd lsfdir',
      "#BSUB -P 'physics'",
      '#BSUB -env all',
      '#BSUB -u someone@example.com',
      '#BSUB -N',
      'echo "in $(basename "$PWD") as $LSB_JOBNAME, ${BASH_VERSION%%.*}"',
      'echo warning >&2',
      '',
    ].join('\n');
    fs.mkdirSync(path.join(work, 'lsfdir'));
    fs.writeFileSync(path.join(work, 'lsfjob.sh'), script, { mode: 0o755 });

    for (const submission of ['bsub < lsfjob.sh', `bsub ${path.join(work, 'lsfjob.sh')}`]) {
      const id = await submitted(
        await sh(submission).then((result) => {
          expect(result.stdout).toMatch(/to queue <normal>\.\n$/);
          return result;
        }),
      );
      expect(await ended(id)).toBe('DONE');
      const fields = await sh(`bjobs -noheader -o "job_name queue proj_name delimiter=','" ${id}`);
      expect(fields.stdout).toBe('lsf_script_job,normal,physics\n');
      const out = fs.readFileSync(path.join(work, 'lsfdir', `lsfjob.${id}.out`), 'utf8');
      expect(out.startsWith('in lsfdir as lsf_script_job, ')).toBe(true);
      expect(out).toMatch(/^Successfully completed\.$/m);
      expect(fs.readFileSync(path.join(work, 'lsfdir', `lsfjob.${id}.err`), 'utf8')).toBe(
        'warning\n',
      );
      const long = (await sh(`bjobs -l ${id}`)).stdout.replace(/\n {21}/g, '');
      expect(long).toMatch(/\n RUNLIMIT +\n 10\.0 min +\n/);
      expect(long).toMatch(/\n MEMLIMIT\n +200 M \n/);
      expect(long).toContain('Requested Resources <span[hosts=1] rusage[mem=100MB]>');
    }
  }, 40_000);

  it('row 36: lsb.events, found as the Snakemake 8 plugin finds it, holds each job’s outcome', async () => {
    const tag = `run-${process.pid}`;
    const good = await submitted(await sh(`bsub -J 'Snakemake_rule_a___(${tag})' -o a.log true`));
    const bad = await submitted(
      await sh(`bsub -J 'Snakemake_rule_b___(${tag})' -o b.log 'exit 3'`),
    );
    const other = await submitted(await sh(`bsub -J unrelated -o c.log true`));
    await Promise.all([ended(good), ended(bad), ended(other)]);

    // The plugin's way to the file: LSB_SHAREDIR from badmin, the cluster from lsclusters.
    const conf = (await sh('badmin showconf mbd')).stdout;
    const shareDir = /LSB_SHAREDIR = (.*)/.exec(conf)![1];
    const clusterName = (await sh('lsclusters')).stdout.split('\n')[1].split(/\s+/)[0];
    const events = path.join(shareDir, clusterName, 'logdir', 'lsb.events');
    expect(fs.statSync(events).mode & 0o777).toBe(0o644);
    expect(fs.statSync(path.dirname(events)).mode & 0o777).toBe(0o755);

    // Job ids from JOB_NEW (user id in field 5, name in 42), then their JOB_STATUS codes.
    const program = [
      'BEGIN { FPAT = "([^ ]+)|(\\"[^\\"]+\\")" }',
      `$1 == "\\"JOB_NEW\\"" && $5 == ${os.userInfo().uid} && $42 ~ "${tag}" { ids[$4]; next }`,
      '$1 == "\\"JOB_STATUS\\"" && ($4 in ids) { last[$4] = $5 }',
      'END { for (id in last) print id, last[id] }',
    ].join('\n');
    // The records follow the store's commit within a turn of mbatchd's loop.
    const found = await waitFor('both outcomes in lsb.events', async () => {
      const result = await run('gawk', [program, events], { timeoutMs: 10_000 });
      return result.stdout.trim().split('\n').length === 2 ? result : undefined;
    });

    expect(found.stderr).toBe('');
    expect(found.stdout.trim().split('\n').sort()).toEqual([`${bad} 32`, `${good} 64`].sort());
  });

  it('rows 33, 34, 35: the installed lsf.conf, profile.lsf and lsb.params where LSF keeps it', async () => {
    const etc = path.join(cluster.prefix, 'etc');
    for (const line of fs.readFileSync(path.join(etc, 'lsf.conf'), 'utf8').split('\n')) {
      expect(line === '' || line.startsWith('#') || /^[A-Z_]+=\S/.test(line)).toBe(true);
    }
    const profile = await run('/bin/sh', ['-c', `. ${etc}/profile.lsf && command -v bsub`], {
      env: { PATH: '/usr/bin:/bin' },
    });
    expect(profile.stdout).toBe(`${cluster.prefix}/bin/bsub\n`);
    const conf = await run('/bin/sh', ['-c', `. ${etc}/profile.lsf && badmin showconf mbd`], {
      env: { PATH: '/usr/bin:/bin' },
    });
    const confDir = /LSF_CONFDIR = (.*)/.exec(conf.stdout)![1];
    const clusterName = /LSF_CLUSTER_NAME = (.*)/.exec(conf.stdout)![1];
    const params = path.join(confDir, 'lsbatch', clusterName, 'configdir', 'lsb.params');
    expect(fs.readFileSync(params, 'utf8')).toMatch(/^DEFAULT_QUEUE = \w+/m);
  });
});
