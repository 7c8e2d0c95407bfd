import { createRequire } from 'node:module'

// The core runs as CommonJS (tsx, the electron-vite main bundle) and as ES modules
// (vitest); package files are found from this module's place either way.
export const localRequire: NodeRequire = createRequire(
  typeof __filename === 'string' ? __filename : import.meta.url
)
