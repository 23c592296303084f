import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resolveTemporalCli, resolveTemporalTestServer } from '../../dev/temporal-binaries'

let root: string

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'temporal-binaries-'))
})

afterEach(() => {
  rmSync(root, { recursive: true, force: true })
})

function fakeExecutable(relativePath: string) {
  const file = path.join(root, relativePath)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, '#!/bin/sh\nexit 0\n')
  chmodSync(file, 0o755)
  return file
}

const toolsDir = () => path.join(root, 'tools')
const neverDownload = async () => {
  throw new Error('a test must not reach the download host')
}
const offline = async () => false

describe('resolving the Temporal CLI', () => {
  it('uses TEMPORAL_CLI_PATH over a temporal on PATH and one in .tools', async () => {
    const configured = fakeExecutable('configured/temporal')
    fakeExecutable('on-path/temporal')
    fakeExecutable('tools/venv/bin/temporal')

    const executable = await resolveTemporalCli({
      env: { TEMPORAL_CLI_PATH: configured, PATH: path.join(root, 'on-path') },
      toolsDir: toolsDir(),
      canReachDownloadHost: neverDownload,
    })

    expect(executable).toEqual({ type: 'existing-path', path: configured })
  })

  it('uses a temporal on PATH over the one in .tools', async () => {
    const onPath = fakeExecutable('on-path/temporal')
    fakeExecutable('tools/venv/bin/temporal')

    const executable = await resolveTemporalCli({
      env: { PATH: [path.join(root, 'empty'), path.join(root, 'on-path')].join(path.delimiter) },
      toolsDir: toolsDir(),
      canReachDownloadHost: neverDownload,
    })

    expect(executable).toEqual({ type: 'existing-path', path: onPath })
  })

  it('skips a non-executable file of that name on PATH', async () => {
    const notExecutable = path.join(root, 'on-path/temporal')
    mkdirSync(path.dirname(notExecutable), { recursive: true })
    writeFileSync(notExecutable, 'not a program')
    const inTools = fakeExecutable('tools/venv/bin/temporal')

    const executable = await resolveTemporalCli({
      env: { PATH: path.join(root, 'on-path') },
      toolsDir: toolsDir(),
      canReachDownloadHost: neverDownload,
    })

    expect(executable).toEqual({ type: 'existing-path', path: inTools })
  })

  it('fails naming TEMPORAL_CLI_PATH when it points at nothing', async () => {
    fakeExecutable('on-path/temporal')
    const missing = path.join(root, 'nowhere/temporal')

    await expect(
      resolveTemporalCli({
        env: { TEMPORAL_CLI_PATH: missing, PATH: path.join(root, 'on-path') },
        toolsDir: toolsDir(),
        canReachDownloadHost: neverDownload,
      }),
    ).rejects.toThrow(/TEMPORAL_CLI_PATH.*nowhere\/temporal/)
  })

  it("leaves the download to the SDK, into .tools/sdk-download, when nothing is installed and the SDK's host answers", async () => {
    const executable = await resolveTemporalCli({
      env: { PATH: path.join(root, 'empty') },
      toolsDir: toolsDir(),
      canReachDownloadHost: async () => true,
    })

    expect(executable).toEqual({ type: 'cached-download', downloadDir: path.join(toolsDir(), 'sdk-download') })
  })
})

describe('resolving the time-skipping test server', () => {
  it('uses TEMPORAL_TEST_SERVER_PATH over PATH, and ignores TEMPORAL_CLI_PATH', async () => {
    const configured = fakeExecutable('configured/temporal-test-server')
    fakeExecutable('on-path/temporal-test-server')

    const executable = await resolveTemporalTestServer({
      env: {
        TEMPORAL_TEST_SERVER_PATH: configured,
        TEMPORAL_CLI_PATH: fakeExecutable('configured/temporal'),
        PATH: path.join(root, 'on-path'),
      },
      toolsDir: toolsDir(),
      canReachDownloadHost: neverDownload,
    })

    expect(executable).toEqual({ type: 'existing-path', path: configured })
  })

  it('finds the test server installed in .tools when PATH has none', async () => {
    const inTools = fakeExecutable('tools/venv/bin/temporal-test-server')

    const executable = await resolveTemporalTestServer({
      env: { PATH: path.join(root, 'empty') },
      toolsDir: toolsDir(),
      canReachDownloadHost: offline,
    })

    expect(executable).toEqual({ type: 'existing-path', path: inTools })
  })

  it('fails naming TEMPORAL_TEST_SERVER_PATH when it points at a directory', async () => {
    mkdirSync(path.join(root, 'a-directory'))

    await expect(
      resolveTemporalTestServer({
        env: { TEMPORAL_TEST_SERVER_PATH: path.join(root, 'a-directory') },
        toolsDir: toolsDir(),
        canReachDownloadHost: neverDownload,
      }),
    ).rejects.toThrow(/TEMPORAL_TEST_SERVER_PATH/)
  })
})
