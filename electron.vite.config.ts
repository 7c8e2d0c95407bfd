import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { viteStaticCopy } from 'vite-plugin-static-copy'

// Our folders are electron/ and renderer/ rather than the template's src/, so every entry is
// named here (see docs: electron-vite needs the inputs when the layout is not the default).
export default defineConfig({
  main: {
    build: {
      // lowdb is ESM-only: bundle it (and its one dependency) into the CommonJS main bundle.
      externalizeDeps: { exclude: ['lowdb', 'steno'] },
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          cli: resolve(__dirname, 'electron/cli/index.ts'),
          web: resolve(__dirname, 'electron/web/index.ts'),
          // Worker threads (text extraction, index rebuilds) run these entries: workerScriptFor
          // (electron/core/jobs/workerScript.ts) finds them beside the entries, from a chunk too.
          extractWorker: resolve(__dirname, 'electron/core/import/files/extractWorker.ts'),
          buildWorker: resolve(__dirname, 'electron/core/search/buildWorker.ts'),
          analyseWorker: resolve(__dirname, 'electron/core/search/analyseWorker.ts')
        },
        // Shared code goes one folder down, where workerScriptFor expects it.
        output: { chunkFileNames: 'chunks/[name]-[hash].js' }
      }
    }
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() packages: bundle everything into one file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [
      react(),
      // pdf.js reads character maps, the standard fonts and its image decoders as files of the app
      // (never from a CDN): the viewer points it at /pdfjs/.
      viteStaticCopy({
        targets: ['cmaps', 'standard_fonts', 'wasm'].map((dir) => ({ src: `../node_modules/pdfjs-dist/${dir}`, dest: 'pdfjs' }))
      })
    ],
    build: {
      rolldownOptions: {
        input: { index: resolve(__dirname, 'renderer/index.html') }
      }
    }
  }
})
