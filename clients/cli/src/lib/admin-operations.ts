import os from 'node:os';
import type { HostConfig } from '../../../../services/common/src/config';
import { hostByName } from '../../../../services/common/src/config/cluster-config';
import { Lsbe } from '../../../../services/common/src/lsbe';
import {
  HostControl,
  QueueControl,
} from '../../../../services/common/src/generated/lavalite/v1/mbatchd';
import {
  AdminOutcome,
  HostVerb,
  QueueAction,
  hostControlOutcome,
  lookupFailureOutcome,
  queueControlOutcome,
  CONFIG_CONFIRMATIONS,
  configCheckOutcome,
  STILL_CLOSED_BECAUSE,
} from '../render/admin-messages';
import type { Mbatchd } from './mbatchd-client';

/** One badmin subcommand and the request it becomes. */
export type AdminOperation =
  | { kind: 'host'; control: HostControl; verb: HostVerb }
  | { kind: 'queue'; control: QueueControl; action: QueueAction }
  | { kind: 'reconfig' }
  | { kind: 'mbdrestart' };

const OPERATIONS: Readonly<Record<string, AdminOperation>> = {
  hopen: { kind: 'host', control: HostControl.HOST_CONTROL_OPEN, verb: 'Open' },
  hclose: { kind: 'host', control: HostControl.HOST_CONTROL_CLOSE, verb: 'Close' },
  hrestart: {
    kind: 'host',
    control: HostControl.HOST_CONTROL_RESTART,
    verb: 'Restart slave batch daemon on',
  },
  qopen: { kind: 'queue', control: QueueControl.QUEUE_CONTROL_OPEN, action: 'open' },
  qclose: { kind: 'queue', control: QueueControl.QUEUE_CONTROL_CLOSE, action: 'close' },
  qact: { kind: 'queue', control: QueueControl.QUEUE_CONTROL_ACTIVATE, action: 'activate' },
  qinact: { kind: 'queue', control: QueueControl.QUEUE_CONTROL_INACTIVATE, action: 'inactivate' },
  reconfig: { kind: 'reconfig' },
  mbdrestart: { kind: 'mbdrestart' },
};

/** The operation a subcommand names, or undefined for anything badmin does not do. */
export function adminOperation(subcommand: string | undefined): AdminOperation | undefined {
  return subcommand !== undefined && Object.hasOwn(OPERATIONS, subcommand)
    ? OPERATIONS[subcommand]
    : undefined;
}

export interface AdminRequest {
  operation: AdminOperation;
  /** Host or queue names as typed; `all` means every one, none means the local host or the
   * default queue, as in OpenLava. */
  targets: readonly string[];
  requester: string;
  /** The host badmin runs on, as the cluster file spells it. */
  localHost: string;
}

/** This host's name as the cluster file spells it, trying the short name too. */
export function localHostName(config: HostConfig): string {
  const name = os.hostname();
  return (hostByName(config, name) ?? hostByName(config, name.split('.')[0]))?.name ?? name;
}

async function controlHosts(
  mbatchd: Mbatchd,
  operation: Extract<AdminOperation, { kind: 'host' }>,
  request: AdminRequest,
): Promise<AdminOutcome> {
  let hosts = [...new Set(request.targets)];
  if (hosts.includes('all')) {
    const listed = await mbatchd.call(mbatchd.client.listBatchHosts, { hostNames: [] });
    if (listed.lsbe !== Lsbe.NO_ERROR) {
      return lookupFailureOutcome(listed.lsbe, listed.context);
    }
    hosts = listed.hosts.map((host) => host.name);
  } else if (hosts.length === 0) {
    hosts = [request.localHost];
  }

  const reply = await mbatchd.call(mbatchd.client.controlHost, {
    hostNames: hosts,
    control: operation.control,
    requester: request.requester,
  });
  const opened = operation.control === HostControl.HOST_CONTROL_OPEN;
  const stillClosed = opened ? await closedReasons(mbatchd, hosts) : new Map<string, string>();
  return hostControlOutcome(operation.verb, hosts, reply.results, stillClosed);
}

/** The hosts among these that bhosts shows closed for a reason hopen does not lift. */
async function closedReasons(
  mbatchd: Mbatchd,
  hosts: readonly string[],
): Promise<Map<string, string>> {
  const listed = await mbatchd.call(mbatchd.client.listBatchHosts, { hostNames: [...hosts] });
  const reasons = new Map<string, string>();
  for (const host of listed.hosts) {
    const reason = STILL_CLOSED_BECAUSE[host.status];
    if (reason) {
      reasons.set(host.name, reason);
    }
  }
  return reasons;
}

async function controlQueues(
  mbatchd: Mbatchd,
  operation: Extract<AdminOperation, { kind: 'queue' }>,
  request: AdminRequest,
): Promise<AdminOutcome> {
  let queues = [...new Set(request.targets)];
  if (queues.length === 0 || queues.includes('all')) {
    const listed = await mbatchd.call(mbatchd.client.listQueues, { queueNames: [] });
    if (listed.lsbe !== Lsbe.NO_ERROR) {
      return lookupFailureOutcome(listed.lsbe, listed.context);
    }
    const chosen = queues.length === 0 ? listed.queues.filter((q) => q.isDefault) : listed.queues;
    if (chosen.length === 0 && queues.length === 0) {
      return lookupFailureOutcome(Lsbe.QUEUE_NAME, '');
    }
    queues = chosen.map((queue) => queue.name);
  }

  const reply = await mbatchd.call(mbatchd.client.controlQueue, {
    queueNames: queues,
    control: operation.control,
    requester: request.requester,
  });
  return queueControlOutcome(operation.action, queues, reply.results);
}

/**
 * Carries out one badmin subcommand. `all` (and, for hosts and queues, no name at all) is
 * resolved through a listing first, because every target gets its own line of output.
 */
export async function runAdminOperation(
  mbatchd: Mbatchd,
  request: AdminRequest,
): Promise<AdminOutcome> {
  const { operation } = request;
  switch (operation.kind) {
    case 'host':
      return controlHosts(mbatchd, operation, request);
    case 'queue':
      return controlQueues(mbatchd, operation, request);
    case 'reconfig': {
      const reply = await mbatchd.call(mbatchd.client.reconfig, { requester: request.requester });
      return configCheckOutcome(CONFIG_CONFIRMATIONS.reconfig, reply.lsbe, reply.error);
    }
    case 'mbdrestart': {
      const reply = await mbatchd.call(mbatchd.client.restartMbatchd, {
        requester: request.requester,
      });
      return configCheckOutcome(CONFIG_CONFIRMATIONS.mbdrestart, reply.lsbe, reply.error);
    }
  }
}
