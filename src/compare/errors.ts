/**
 * A reason the comparison cannot go on, with the exit status it ends with: 2 when there is
 * nothing to compare (no Jekyll, a site Jekyll cannot build, a wrong option), 1 when Kiosque
 * cannot build or serve the site.
 */
export class CompareError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message)
    this.name = 'CompareError'
  }
}
