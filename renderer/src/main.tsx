import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import './styles.css'
import { preloadPdfjs } from './components/viewer/pdfjs'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
)

// The reader's PDF engine and its worker, made ready while the window is idle, so the first Read does not wait for them.
preloadPdfjs()
