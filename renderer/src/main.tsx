import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import './styles.css'
import { preloadPdfjs } from './components/viewer/pdfjs'
import { ViewerWindow } from './components/viewer/ViewerWindow'
import { parseViewerHash } from '../../shared/viewerWindow'

// A reader window (desktop app) names its attachment in the address; the main window does not.
const reader = parseViewerHash(window.location.hash)
createRoot(document.getElementById('root')!).render(<StrictMode>{reader ? <ViewerWindow target={reader} /> : <App />}</StrictMode>)

// The reader's PDF engine and its worker, made ready while the window is idle, so the first Read does not wait for them.
preloadPdfjs()
