// Run before every test file, even where files share a worker's modules (isolate: false in
// vitest.config.ts): hooks registered by a helper module at its top level would run for the
// first file that imports it only, so the clean-up each file needs is registered here.
import { afterAll, afterEach } from 'vitest'
import { removeTempDirs } from './helpers'
import { dropDatabases } from '../pg/database'

afterEach(removeTempDirs)
afterAll(dropDatabases)
