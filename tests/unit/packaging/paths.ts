import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The project root, whatever the working directory of the test run. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
