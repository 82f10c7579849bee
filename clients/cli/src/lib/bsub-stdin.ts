import fs from 'node:fs';
import readline from 'node:readline';
import type { ScriptInput } from './bsub-script';

/**
 * The job script bsub reads when no command is given: from a terminal line by line after a
 * `bsub> ` prompt until end of file, otherwise the whole of standard input.
 */
export async function readJobScript(): Promise<ScriptInput> {
  if (process.stdin.isTTY) {
    return { text: await promptForScript(), fromFile: false };
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), fromFile: fs.fstatSync(0).isFile() };
}

function promptForScript(): Promise<string> {
  const prompt = readline.createInterface({
    input: process.stdin,
    output: process.stdout,
    prompt: 'bsub> ',
  });
  const lines: string[] = [];
  prompt.on('line', (line) => {
    lines.push(line);
    prompt.prompt();
  });
  prompt.prompt();
  return new Promise((resolve) => prompt.on('close', () => resolve(lines.join('\n'))));
}
