// One throwaway PostgreSQL cluster per vitest run (a free port, a temp folder, removed after):
// the team archive's tests, and the core suite run with PK_BACKEND=postgres, make a fresh
// database in it per test file (tests/pg/database.ts).
import type { TestProject } from 'vitest/node'
import { postgresBinDir, startLocalCluster, type LocalCluster } from '../../electron/core/team/localCluster'

let cluster: LocalCluster | null = null

export async function setup(project: TestProject): Promise<void> {
  if (!postgresBinDir()) {
    project.provide('pgUrl', '')
    return
  }
  cluster = await startLocalCluster()
  project.provide('pgUrl', cluster.url)
  project.provide('pgDir', cluster.dir)
}

export function teardown(): void {
  cluster?.stop()
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string
    pgDir: string
  }
}
