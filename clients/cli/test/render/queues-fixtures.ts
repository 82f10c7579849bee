import { BatchQueue } from '../../../../services/common/src/generated/lavalite/v1/batch';

/** A queue with the sample's defaults: `normal`, priority 30, open and active, no limits. */
export function queue(overrides: Partial<BatchQueue>): BatchQueue {
  return {
    name: 'normal',
    priority: 30,
    open: true,
    active: true,
    description: 'Default queue for ordinary work.',
    maxSlots: 0,
    userJobLimit: 0,
    processorJobLimit: 0,
    hostJobLimit: 0,
    numJobs: 0,
    numPend: 0,
    numRun: 0,
    numSsusp: 0,
    numUsusp: 0,
    users: [],
    hosts: [],
    isDefault: false,
    runLimitMin: 0,
    nice: 20,
    ...overrides,
  };
}
