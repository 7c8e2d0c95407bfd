import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { buildBridge } from './bridge'

contextBridge.exposeInMainWorld('presskeep', buildBridge(ipcRenderer, (file: File) => webUtils.getPathForFile(file)))
