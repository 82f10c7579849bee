import { Lsbe } from '../../../../services/common/src/generated/lavalite/v1/lsbe';
import { formatJobId } from '../../../../services/common/src/job-id';
import { lsbeMessage } from '../../../../services/common/src/lsbe';
import { readClusterConfig } from './cluster';
import { CommandFailure } from './command-failure';
import type { CommandReport } from './job-report';
import { parseJobIds } from './job-selection';
import { connectToMbatchd, currentUser } from './mbatchd-client';

/** btop and bbot: `jobId [position]`, moved among its queue's pending jobs. */
export async function moveJob(
  command: 'btop' | 'bbot',
  words: readonly string[],
): Promise<CommandReport> {
  const usage = `Usage: ${command} jobId | "jobId[index]" [position]`;
  const [idText, positionText, ...rest] = words;
  const ids = idText === undefined ? [] : parseJobIds([idText]).ids;
  const position = positionText === undefined ? 1 : Number(positionText);
  if (ids.length !== 1 || rest.length > 0 || !Number.isInteger(position) || position < 1) {
    throw new CommandFailure(usage);
  }
  const toBottom = command === 'bbot';
  const mbatchd = await connectToMbatchd(readClusterConfig(command), command);
  const request = { jobId: ids[0], toBottom, position, requester: currentUser().name };
  const reply = await mbatchd.call(mbatchd.client.moveJob, request).finally(() => mbatchd.close());
  const id = formatJobId(ids[0]);
  if (reply.lsbe !== Lsbe.LSBE_NO_ERROR) {
    return { stdout: '', stderr: `Job <${id}>: ${lsbeMessage(reply.lsbe)}\n`, exitCode: 255 };
  }
  const end = toBottom ? 'bottom' : 'top';
  const line = `Job <${id}> has been moved to position ${reply.position} from ${end}.\n`;
  // Asked past the last movable place, the job went as far as it could.
  const warning =
    reply.position < position
      ? `Warning: position value <${position}> is beyond movable range.\n`
      : '';
  return { stdout: line, stderr: warning, exitCode: 0 };
}
