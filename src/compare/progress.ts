/**
 * The progress display on stderr: on a terminal, one line rewritten in place; elsewhere (CI, a
 * pipe), plain lines, one per step and one per tenth of the pages, so a log stays readable.
 */
export interface Progress {
  /** A new step: "building with Jekyll…". */
  step(text: string): void
  /** Pages done out of a total. */
  count(done: number, total: number, what: string): void
  /** Ends the updating line, so that what follows starts on a fresh one. */
  end(): void
}

/** A progress display writing to `stream` (process.stderr). */
export function progressOn(stream: NodeJS.WriteStream): Progress {
  const tty = stream.isTTY === true
  let open = false
  let lastTenth = -1
  const show = (text: string) => {
    if (tty) {
      const width = Math.max(20, (stream.columns ?? 80) - 1)
      stream.write(`\r\u001b[2K${text.slice(0, width)}`)
      open = true
    } else stream.write(`${text}\n`)
  }
  return {
    step(text) {
      lastTenth = -1
      show(`compare: ${text}`)
    },
    count(done, total, what) {
      const tenth = total === 0 ? 10 : Math.floor((10 * done) / total)
      if (tty || tenth !== lastTenth) show(`compare: ${what} ${done}/${total}`)
      lastTenth = tenth
    },
    end() {
      if (open) stream.write('\r\u001b[2K')
      open = false
    },
  }
}
