import type { Logger } from '../../common/src/logging';
import { cpuFactorOf } from '../../common/src/config';
import { Lsbe } from '../../common/src/generated/lavalite/v1/lsbe';
import {
  HostControl,
  MbatchdServiceServer,
  QueueControl,
} from '../../common/src/generated/lavalite/v1/mbatchd';
import { Lsbe as DomainLsbe } from '../../common/src/lsbe';
import {
  controlHosts,
  controlQueues,
  HostControl as DomainHostControl,
  QueueControl as DomainQueueControl,
  reconfigure,
} from './core/admin';
import type { BatchContext } from './core/batch-context';
import type { HostSessions } from './core/host-sessions';
import { signalJob } from './core/job-control';
import { countJobs, jobHistory, listHosts, selectJobs } from './core/queries';
import { submitJob } from './core/submit';
import { modifyJobs, moveJob, requeueJobs, switchJobs } from './core/job-changes';
import { expandJobIds } from './core/queries';
import {
  decodeSelection,
  decodeSignalAction,
  decodeSpecChanges,
  encodeEvent,
  encodeHost,
  encodeJob,
} from './convert';
import { serveSbatchdChannel } from './sbatchd-channel';
import { runUnary } from './unary';

const HOST_CONTROLS: Partial<Record<HostControl, DomainHostControl>> = {
  [HostControl.HOST_CONTROL_OPEN]: 'open',
  [HostControl.HOST_CONTROL_CLOSE]: 'close',
};

const QUEUE_CONTROLS: Partial<Record<QueueControl, DomainQueueControl>> = {
  [QueueControl.QUEUE_CONTROL_OPEN]: 'open',
  [QueueControl.QUEUE_CONTROL_CLOSE]: 'close',
  [QueueControl.QUEUE_CONTROL_ACTIVATE]: 'activate',
  [QueueControl.QUEUE_CONTROL_INACTIVATE]: 'inactivate',
};

/** Translates mbatchd's requests into the core's operations and back; decides nothing. */
export function createMbatchdService(
  ctx: BatchContext,
  sessions: HostSessions,
  log: Logger,
): MbatchdServiceServer {
  return {
    submitJob: runUnary(log, 'SubmitJob', async (request) => {
      const submission = request.submission;
      if (!submission) {
        return { lsbe: Lsbe.LSBE_BAD_ARG, jobId: 0, queue: '', context: '' };
      }
      return submitJob(ctx, {
        command: submission.command,
        jobName: submission.jobName,
        queue: submission.queue,
        project: submission.project,
        user: request.user,
        uid: request.uid,
        gid: request.gid,
        fromHost: submission.fromHost,
        cwd: submission.cwd,
        outputFile: submission.outputFile || undefined,
        overwriteOutput: submission.overwriteOutput,
        errorFile: submission.errorFile || undefined,
        overwriteError: submission.overwriteError,
        inputFile: submission.inputFile || undefined,
        hold: submission.hold,
        slots: submission.slots,
        askedHosts: submission.hosts,
        env: submission.env,
        umask: submission.umask,
        resReqs: submission.resReqs,
        memLimitKb: submission.memLimitKb || undefined,
        runLimitSec: submission.runLimitSec || undefined,
        exclusive: submission.exclusive,
        dependency: submission.dependency || undefined,
        beginTimeMs: submission.beginTimeMs || undefined,
        termTimeMs: submission.termTimeMs || undefined,
      });
    }),

    listJobs: runUnary(log, 'ListJobs', async (request) => {
      const answer = selectJobs(ctx, decodeSelection(request.selection), request.requester);
      return {
        lsbe: answer.lsbe,
        context: answer.context,
        jobs: answer.jobs.map(encodeJob),
        missingJobIds: answer.missingJobIds,
      };
    }),

    signalJobs: runUnary(log, 'SignalJobs', async (request) => {
      const action = decodeSignalAction(request.action);
      if (!action) {
        return { lsbe: Lsbe.LSBE_BAD_ARG, results: [] };
      }
      const selection = decodeSelection(request.selection);
      const answer = selectJobs(ctx, selection, request.requester);
      if (answer.lsbe !== DomainLsbe.NO_ERROR) {
        return { lsbe: answer.lsbe, results: [] };
      }
      // Filters without `0` act on the newest matching job only, as in LSF.
      const chosen =
        selection.jobIds.length > 0 || request.allMatching
          ? answer.jobs
          : answer.jobs.sort((a, b) => b.id - a.id).slice(0, 1);
      const ids = [...chosen.map((job) => job.id), ...answer.missingJobIds];
      if (ids.length === 0) {
        return { lsbe: Lsbe.LSBE_NO_JOB, results: [] };
      }
      const codes = await Promise.all(
        ids.map((id) => signalJob(ctx, id, action, request.signal, request.requester)),
      );
      return {
        lsbe: Lsbe.LSBE_NO_ERROR,
        results: ids.map((jobId, i) => ({ jobId, lsbe: codes[i], context: '' })),
      };
    }),

    getJobHistory: runUnary(log, 'GetJobHistory', async (request) => {
      const answer = selectJobs(ctx, decodeSelection(request.selection), request.requester);
      return {
        lsbe: answer.lsbe,
        jobs: answer.jobs.map(encodeJob),
        events: jobHistory(ctx, answer.jobs).map(encodeEvent),
        missingJobIds: answer.missingJobIds,
      };
    }),

    listBatchHosts: runUnary(log, 'ListBatchHosts', async (request) => {
      const answer = listHosts(ctx, request.hostNames);
      const model = (name: string) =>
        ctx.config.cluster.hosts.find((host) => host.name === name)?.model ?? null;
      return {
        lsbe: answer.lsbe,
        context: answer.context,
        hosts: answer.hosts.map((row) => encodeHost(row, cpuFactorOf(ctx.config, model(row.name)))),
      };
    }),

    listQueues: runUnary(log, 'ListQueues', async (request) => {
      const unknown = request.queueNames.find((name) => !ctx.queue(name));
      if (unknown !== undefined) {
        return { lsbe: Lsbe.LSBE_BAD_QUEUE, context: unknown, queues: [] };
      }
      const selected = ctx.config.queues
        .filter(
          (queue) => request.queueNames.length === 0 || request.queueNames.includes(queue.name),
        )
        .sort((a, b) => b.priority - a.priority);
      const queues = selected.map((queue) => ({
        name: queue.name,
        priority: queue.priority,
        ...ctx.switches(queue.name),
        description: queue.description,
        maxSlots: queue.qjobLimit ?? 0,
        userJobLimit: queue.ujobLimit ?? 0,
        processorJobLimit: queue.pjobLimit ?? 0,
        hostJobLimit: queue.hjobLimit ?? 0,
        ...countJobs(ctx.jobs.all(), (job) => job.spec.queue === queue.name),
        users: queue.users,
        hosts: queue.hosts,
        isDefault: ctx.config.params.defaultQueues.includes(queue.name),
        runLimitMin: queue.runLimitMin.max ?? 0,
        nice: Number(queue.extra.get('NICE') ?? 0),
      }));
      return { lsbe: Lsbe.LSBE_NO_ERROR, context: '', queues };
    }),

    listUsers: runUnary(log, 'ListUsers', async (request) => {
      const all = request.userNames.includes('all');
      const names = all
        ? [...new Set([...ctx.jobs.all()].map((job) => job.spec.user))].sort()
        : request.userNames.length > 0
          ? request.userNames
          : [request.requester];
      const users = names.map((name) => ({
        name,
        numReserved: 0,
        ...countJobs(ctx.jobs.all(), (job) => job.spec.user === name),
      }));
      return { lsbe: Lsbe.LSBE_NO_ERROR, users };
    }),

    controlHost: runUnary(log, 'ControlHost', async (request) => {
      const control = HOST_CONTROLS[request.control];
      const results = control
        ? await controlHosts(ctx, request.hostNames, control, request.requester)
        : request.hostNames.map(() => DomainLsbe.BAD_ARG);
      return { results };
    }),

    controlQueue: runUnary(log, 'ControlQueue', async (request) => {
      const control = QUEUE_CONTROLS[request.control];
      const results = control
        ? await controlQueues(ctx, request.queueNames, control, request.requester)
        : request.queueNames.map(() => DomainLsbe.BAD_ARG);
      return { results };
    }),

    reconfig: runUnary(log, 'Reconfig', async (request) => reconfigure(ctx, request.requester)),

    modifyJobs: runUnary(log, 'ModifyJobs', async (request) => ({
      results: await modifyJobs(
        ctx,
        expandJobIds(ctx, request.jobIds),
        decodeSpecChanges(request.changes, request.fields, request.resetFields),
        request.requester,
      ),
    })),

    moveJob: runUnary(log, 'MoveJob', async (request) =>
      moveJob(ctx, request.jobId, request.toBottom, request.position, request.requester),
    ),

    switchJobs: runUnary(log, 'SwitchJobs', async (request) => {
      if (!ctx.queue(request.queue)) {
        return { lsbe: Lsbe.LSBE_BAD_QUEUE, results: [] };
      }
      const ids = expandJobIds(ctx, request.jobIds);
      const results = await switchJobs(ctx, ids, request.queue, request.requester);
      return { lsbe: Lsbe.LSBE_NO_ERROR, results };
    }),

    requeueJobs: runUnary(log, 'RequeueJobs', async (request) => ({
      results: await requeueJobs(
        ctx,
        expandJobIds(ctx, request.jobIds),
        request.hold,
        request.requester,
      ),
    })),

    sbatchdChannel(call) {
      const intervalMs = ctx.config.params.sbdHeartbeatIntervalSec * 1000;
      serveSbatchdChannel(call, sessions, (name) => ctx.hostExists(name), intervalMs, log);
    },
  };
}
