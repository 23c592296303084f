import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { repoRoot } from '../../dev/temporal-binaries'

/** Runs a TypeScript program (ES module text) in a child Node process from the repository root; its exit code and output. */
export async function runChildProgram(program: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', program], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('close', (exitCode) => resolve(exitCode)))
  return { code, output }
}

/** Whether something accepts connections on 127.0.0.1:port, polled until it stops or `timeoutMs` passes. */
export async function acceptsAfter(port: number, timeoutMs: number): Promise<boolean> {
  // A server shuts down on its own after its parent is gone: poll, a loaded machine is slow.
  const deadline = Date.now() + timeoutMs
  while ((await accepts(port)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250))
  return accepts(port)
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
