/**
 * A publish step that failed for a reason the user can act on. The CLIs print its message alone
 * (no stack) and exit 1; any other error is a bug and keeps its stack.
 */
export class PublishError extends Error {
  override name = 'PublishError'
}

/**
 * Runs a publishing command: a PublishError is printed as `<command>: <message>`, with exit 1;
 * any other error is left to crash with its stack.
 * @example process.exitCode = await reportingPublishErrors('deploy', () => deploy(options))
 */
export async function reportingPublishErrors(
  command: string,
  run: () => Promise<number>,
): Promise<number> {
  try {
    return await run()
  } catch (error) {
    if (!(error instanceof PublishError)) throw error
    console.error(`${command}: ${error.message}`)
    return 1
  }
}
