import type * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../common/src/logging';
import { cpuFactorOf } from '../../common/src/config';
import { Lsbe } from '../../common/src/generated/lavalite/v1/lsbe';
import {
  HostControl,
  JobSelection,
  MbatchdServiceServer,
  QueueControl,
} from '../../common/src/generated/lavalite/v1/mbatchd';
import { Lsbe as DomainLsbe } from '../../common/src/lsbe';
import type { SecuritySettings } from '../../common/src/security-settings';
import { userExists } from '../../common/src/user-names';
import {
  controlHosts,
  controlQueues,
  HostControl as DomainHostControl,
  QueueControl as DomainQueueControl,
  reconfigure,
  restartMbatchd,
} from './core/admin';
import type { BatchContext } from './core/batch-context';
import type { HostSessions } from './core/host-sessions';
import { signalRequested } from './core/signal-request';
import {
  countJobs,
  jobHistory,
  listHosts,
  selectJobs,
  withoutCleanedJobs,
  type Selection,
} from './core/queries';
import { submitJob } from './core/submit';
import { modifyJobs, moveJob, switchJobs } from './core/job-changes';
import { requeueRequested } from './core/requeue';
import { expandJobIds } from './core/queries';
import {
  decodeSelection,
  decodeSignalAction,
  decodeSpecChanges,
  encodeEvent,
  encodeHost,
  encodeJob,
} from './convert';
import { checkNames, checkSelection, checkSubmission } from './request-checks';
import { serveSbatchdChannel } from './sbatchd-channel';
import { runUserUnary } from './unary';
import { UserAuthenticator, type Requester } from './user-auth';

const HOST_CONTROLS: Partial<Record<HostControl, DomainHostControl>> = {
  [HostControl.HOST_CONTROL_OPEN]: 'open',
  [HostControl.HOST_CONTROL_CLOSE]: 'close',
  [HostControl.HOST_CONTROL_RESTART]: 'restart',
};

const QUEUE_CONTROLS: Partial<Record<QueueControl, DomainQueueControl>> = {
  [QueueControl.QUEUE_CONTROL_OPEN]: 'open',
  [QueueControl.QUEUE_CONTROL_CLOSE]: 'close',
  [QueueControl.QUEUE_CONTROL_ACTIVATE]: 'activate',
  [QueueControl.QUEUE_CONTROL_INACTIVATE]: 'inactivate',
};

/** Job ids of bmod, bswitch and brequeue, bounded as a selection's are. */
const checkJobIds = (jobIds: number[]) => checkSelection(JobSelection.fromPartial({ jobIds }));

/** The user a request's payload names: believed only with LSF_AUTH=trust. */
const named = <Req extends { requester: string }>(request: Req): Requester => ({
  name: request.requester,
  uid: -1,
  gid: -1,
});

/** For requests that act for no one (bhosts, bqueues): the user must still be proven. */
const nobody = (): Requester => ({ name: '', uid: -1, gid: -1 });

/**
 * Translates mbatchd's requests into the core's operations and back; decides nothing. Every
 * command's request acts for the user its authentication proves (see UserAuthenticator),
 * never for the one its payload names.
 */
export function createMbatchdService(
  ctx: BatchContext,
  sessions: HostSessions,
  log: Logger,
  security: SecuritySettings,
): MbatchdServiceServer {
  const users = new UserAuthenticator(security.userAuth);
  const userUnary = <Req, Res>(
    method: string,
    claimed: (request: Req) => Requester,
    handle: (request: Req, user: Requester) => Promise<Res>,
  ): grpc.handleUnaryCall<Req, Res> => runUserUnary(log, method, users, claimed, handle);

  return {
    submitJob: userUnary(
      'SubmitJob',
      (request) => ({ name: request.user, uid: request.uid, gid: request.gid }),
      async (request, user) => {
        const submission = request.submission;
        if (!submission) {
          return { lsbe: Lsbe.LSBE_BAD_ARG, jobId: 0, queue: '', context: '' };
        }
        const refusal = checkSubmission(submission);
        if (refusal) {
          return { ...refusal, jobId: 0, queue: '' };
        }
        if (user.uid === 0 && !security.rootJobs) {
          return { lsbe: Lsbe.LSBE_ROOT, jobId: 0, queue: '', context: '' };
        }
        return submitJob(ctx, {
          command: submission.command,
          jobName: submission.jobName,
          defaultJobName: submission.defaultJobName,
          queue: submission.queue,
          project: submission.project,
          user: user.name,
          uid: user.uid,
          gid: user.gid,
          fromHost: submission.fromHost,
          cwd: submission.cwd,
          outputFile: submission.outputFile || undefined,
          overwriteOutput: submission.overwriteOutput,
          errorFile: submission.errorFile || undefined,
          overwriteError: submission.overwriteError,
          inputFile: submission.inputFile || undefined,
          hold: submission.hold,
          slots: submission.slots,
          maxSlots: submission.maxSlots || undefined,
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
          rerunnable: submission.rerunnable,
          preExecCommand: submission.preExecCommand || undefined,
          postExecCommand: submission.postExecCommand || undefined,
        });
      },
    ),

    listJobs: userUnary('ListJobs', named, async (request, user) => {
      const refusal = checkSelection(request.selection);
      if (refusal) {
        return { ...refusal, jobs: [], missingJobIds: [] };
      }
      const selection = decodeSelection(request.selection);
      const answer = withoutCleanedJobs(ctx, selectJobs(ctx, selection, user.name));
      if (answer.jobs.length === 0 && (await isUnknownUser(selection))) {
        return { lsbe: Lsbe.LSBE_BAD_USER, context: selection.user, jobs: [], missingJobIds: [] };
      }
      return {
        lsbe: answer.lsbe,
        context: answer.context,
        jobs: answer.jobs.map((job) => encodeJob(job, ctx.isRerunnable(job), ctx.usageOf(job))),
        missingJobIds: answer.missingJobIds,
      };
    }),

    signalJobs: userUnary('SignalJobs', named, async (request, user) => {
      const action = decodeSignalAction(request.action);
      const refusal = checkSelection(request.selection);
      if (!action || refusal) {
        return { lsbe: refusal?.lsbe ?? Lsbe.LSBE_BAD_ARG, results: [] };
      }
      const answer = await signalRequested(
        ctx,
        decodeSelection(request.selection),
        request.allMatching,
        action,
        request.signal,
        user.name,
      );
      return {
        lsbe: answer.lsbe,
        results: answer.results.map((result) => ({ ...result, context: '' })),
      };
    }),

    getJobHistory: userUnary('GetJobHistory', named, async (request, user) => {
      const refusal = checkSelection(request.selection);
      if (refusal) {
        return { lsbe: refusal.lsbe, jobs: [], events: [], missingJobIds: [] };
      }
      const answer = selectJobs(ctx, decodeSelection(request.selection), user.name);
      return {
        lsbe: answer.lsbe,
        jobs: answer.jobs.map((job) => encodeJob(job, ctx.isRerunnable(job), ctx.usageOf(job))),
        events: jobHistory(ctx, answer.jobs).map(encodeEvent),
        missingJobIds: answer.missingJobIds,
      };
    }),

    listBatchHosts: userUnary('ListBatchHosts', nobody, async (request) => {
      const refusal = checkNames(request.hostNames);
      if (refusal) {
        return { ...refusal, hosts: [] };
      }
      const answer = listHosts(ctx, request.hostNames);
      const model = (name: string) =>
        ctx.config.cluster.hosts.find((host) => host.name === name)?.model ?? null;
      return {
        lsbe: answer.lsbe,
        context: answer.context,
        hosts: answer.hosts.map((row) => encodeHost(row, cpuFactorOf(ctx.config, model(row.name)))),
      };
    }),

    listQueues: userUnary('ListQueues', nobody, async (request) => {
      const refusal = checkNames(request.queueNames);
      if (refusal) {
        return { ...refusal, queues: [] };
      }
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

    listUsers: userUnary('ListUsers', named, async (request, user) => {
      const refusal = checkNames(request.userNames);
      if (refusal) {
        return { lsbe: refusal.lsbe, users: [] };
      }
      const all = request.userNames.includes('all');
      const names = all
        ? [...new Set([...ctx.jobs.all()].map((job) => job.spec.user))].sort()
        : request.userNames.length > 0
          ? request.userNames
          : [user.name];
      const users = names.map((name) => ({
        name,
        numReserved: 0,
        ...countJobs(ctx.jobs.all(), (job) => job.spec.user === name),
      }));
      return { lsbe: Lsbe.LSBE_NO_ERROR, users };
    }),

    controlHost: userUnary('ControlHost', named, async (request, user) => {
      const control = HOST_CONTROLS[request.control];
      if (checkNames(request.hostNames)) {
        return { results: [DomainLsbe.BAD_ARG] };
      }
      const results = control
        ? await controlHosts(ctx, request.hostNames, control, user.name)
        : request.hostNames.map(() => DomainLsbe.BAD_ARG);
      return { results };
    }),

    controlQueue: userUnary('ControlQueue', named, async (request, user) => {
      const control = QUEUE_CONTROLS[request.control];
      if (checkNames(request.queueNames)) {
        return { results: [DomainLsbe.BAD_ARG] };
      }
      const results = control
        ? await controlQueues(ctx, request.queueNames, control, user.name)
        : request.queueNames.map(() => DomainLsbe.BAD_ARG);
      return { results };
    }),

    reconfig: userUnary('Reconfig', named, async (_request, user) => reconfigure(ctx, user.name)),

    restartMbatchd: userUnary('RestartMbatchd', named, async (_request, user) =>
      restartMbatchd(ctx, user.name),
    ),

    modifyJobs: userUnary('ModifyJobs', named, async (request, user) => {
      const refusal =
        checkJobIds(request.jobIds) ?? (request.changes && checkSubmission(request.changes));
      if (refusal) {
        return { results: request.jobIds.map((jobId) => ({ jobId, ...refusal })) };
      }
      const changes = decodeSpecChanges(request.changes, request.fields, request.resetFields);
      const ids = expandJobIds(ctx, request.jobIds);
      return { results: await modifyJobs(ctx, ids, changes, user.name) };
    }),

    moveJob: userUnary('MoveJob', named, async (request, user) =>
      moveJob(ctx, request.jobId, request.toBottom, request.position, user.name),
    ),

    switchJobs: userUnary('SwitchJobs', named, async (request, user) => {
      if (checkNames([request.queue]) || !ctx.queue(request.queue)) {
        return { lsbe: Lsbe.LSBE_BAD_QUEUE, results: [] };
      }
      const refusal = checkJobIds(request.jobIds);
      if (refusal) {
        return { lsbe: refusal.lsbe, results: [] };
      }
      const ids = expandJobIds(ctx, request.jobIds);
      return {
        lsbe: Lsbe.LSBE_NO_ERROR,
        results: await switchJobs(ctx, ids, request.queue, user.name),
      };
    }),

    requeueJobs: userUnary('RequeueJobs', named, async (request, user) => {
      const refusal = checkJobIds(request.jobIds) ?? checkSelection(request.selection);
      if (refusal) {
        const results = request.jobIds.map((jobId) => ({ jobId, ...refusal }));
        return { ...refusal, results };
      }
      const selection = {
        ...decodeSelection(request.selection),
        jobIds: expandJobIds(ctx, request.jobIds),
      };
      const kinds = { running: request.running, done: request.done, exited: request.exited };
      return requeueRequested(ctx, selection, request.allMatching, request.hold, kinds, user.name);
    }),

    sbatchdChannel(call) {
      const intervalMs = ctx.config.params.sbdHeartbeatIntervalSec * 1000;
      serveSbatchdChannel(call, sessions, (name) => ctx.hostExists(name), intervalMs, log);
    },
  };
}

/**
 * `-u NAME` naming nobody this host knows (LSF's `NAME: Unknown user`). Asked only when
 * nothing matched: a user with jobs is known.
 */
async function isUnknownUser(selection: Selection): Promise<boolean> {
  const { user, jobIds } = selection;
  return jobIds.length === 0 && user !== '' && user !== 'all' && !(await userExists(user));
}
