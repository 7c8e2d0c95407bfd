// A fresh database for a test file in the run's cluster (tests/pg/globalSetup.ts), dropped after.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'

const made: string[] = []

export function clusterUrl(): string {
  const url = inject('pgUrl')
  if (!url) throw new Error('PostgreSQL is not installed here: run scripts/ensure.sh (it installs postgresql-15).')
  return url
}

/** Creates an empty database and returns its connection string. */
export async function freshDatabase(): Promise<string> {
  const admin = new pg.Client(clusterUrl())
  await admin.connect()
  const name = `pk_${randomBytes(6).toString('hex')}`
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  made.push(name)
  const url = new URL(clusterUrl())
  url.pathname = `/${name}`
  return url.toString()
}

/** Drops the databases freshDatabase made (after each test file: tests/unit/setup.ts). */
export async function dropDatabases(): Promise<void> {
  if (made.length === 0) return
  const admin = new pg.Client(clusterUrl())
  await admin.connect()
  try {
    while (made.length) await admin.query(`DROP DATABASE IF EXISTS ${made.pop()} WITH (FORCE)`)
  } finally {
    await admin.end()
  }
}
