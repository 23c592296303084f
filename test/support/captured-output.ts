/**
 * Everything this process writes to stdout and stderr while `flow` runs: the web app and the logger run in the test's
 * own process, so this is what an operator's console would show.
 */
export async function captureOutput(flow: () => Promise<void>): Promise<string> {
  const written: string[] = []
  const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) }
  const capture = (chunk: unknown) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'))
    return true
  }
  process.stdout.write = capture as typeof process.stdout.write
  process.stderr.write = capture as typeof process.stderr.write
  try {
    await flow()
  } finally {
    process.stdout.write = originals.out
    process.stderr.write = originals.err
  }
  return written.join('')
}
