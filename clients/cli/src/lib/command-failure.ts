/** LSF commands end with 255 on any failure; scripts test zero against non-zero. */
export const LSF_FAILURE_EXIT = 255;

/**
 * A failure the user must see as LSF prints it: the message goes to stderr as-is (no oclif
 * decoration) and the command exits with the given code.
 */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number = LSF_FAILURE_EXIT,
  ) {
    super(message);
    this.name = 'CommandFailure';
  }
}
