/**
 * A publish step that failed for a reason the user can act on. The CLIs print its message alone
 * (no stack) and exit 1; any other error is a bug and keeps its stack.
 */
export class PublishError extends Error {
  override name = 'PublishError'
}
