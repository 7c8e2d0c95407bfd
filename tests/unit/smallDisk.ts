// A small disk for tests of what a full disk does. As root (CI, these machines) it is a real
// 8 MB tmpfs: the kernel itself answers with short writes and ENOSPC. Without the right to
// mount (or with PRESSKEEP_TEST_FAKE_DISK=1), the same budget is enforced at the fs layer:
// every file handle opened under the folder writes only what is left, short then ENOSPC, as
// the kernel does. Either way our own code runs unchanged.
import { execFileSync } from 'node:child_process'
import { promises as fsp } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import * as path from 'node:path'
import { tempDir } from './helpers'

export type SmallDisk = {
  dir: string
  /** 'tmpfs' when the kernel enforces the limit, 'injected' when the fs layer does. */
  kind: 'tmpfs' | 'injected'
  /** Leaves about this many bytes free. */
  fill(leaveBytes: number): Promise<void>
  /** Frees what fill took. */
  free(): Promise<void>
  dispose(): Promise<void>
}

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' })

export async function smallDisk(): Promise<SmallDisk> {
  const dir = path.join(tempDir('pk-disk-'), 'disk')
  await fsp.mkdir(dir)
  const filler = path.join(dir, 'filler.bin')
  if (process.env.PRESSKEEP_TEST_FAKE_DISK !== '1') {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dir], { stdio: 'pipe' })
      return {
        dir,
        kind: 'tmpfs',
        async fill(leave) {
          const st = await fsp.statfs(dir)
          const free = Number(st.bavail) * Number(st.bsize)
          await fsp.writeFile(filler, Buffer.alloc(Math.max(0, free - leave)))
        },
        free: () => fsp.rm(filler, { force: true }),
        async dispose() {
          execFileSync('umount', ['-l', dir], { stdio: 'pipe' })
        }
      }
    } catch {
      // No right to mount: the injected disk below.
    }
  }
  let left = Infinity
  const realOpen = fsp.open
  const inside = (p: unknown) => typeof p === 'string' && path.resolve(p).startsWith(dir + path.sep)
  const take = (n: number) => {
    const k = Math.min(n, left)
    left -= k
    return k
  }
  fsp.open = async function open(this: unknown, p: Parameters<typeof fsp.open>[0], ...rest: unknown[]) {
    const handle: FileHandle = await (realOpen as (...a: unknown[]) => Promise<FileHandle>)(p, ...rest)
    if (!inside(p)) return handle
    const write = handle.write.bind(handle) as (...a: unknown[]) => Promise<{ bytesWritten: number; buffer: unknown }>
    const writeFile = handle.writeFile.bind(handle)
    Object.assign(handle, {
      async write(buf: Uint8Array | string, offset?: number, length?: number, position?: number | null) {
        if (typeof buf === 'string') buf = Buffer.from(buf)
        const off = offset ?? 0
        const len = length ?? buf.length - off
        const k = take(len)
        if (len > 0 && k === 0) throw enospc()
        return write(buf, off, k, position)
      },
      async writeFile(data: string | Uint8Array) {
        const n = typeof data === 'string' ? Buffer.byteLength(data) : data.length
        if (n > left) throw enospc()
        left -= n
        return writeFile(data)
      }
    })
    return handle
  } as typeof fsp.open
  return {
    dir,
    kind: 'injected',
    async fill(leave) {
      left = leave
    },
    async free() {
      left = Infinity
    },
    async dispose() {
      fsp.open = realOpen
    }
  }
}
