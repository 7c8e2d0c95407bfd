// The export formats, shared by the core, the contract and the export dialog.
export const EXPORT_FORMATS = ['bagit', 'bagit-zip', 'csv', 'json', 'jsonld', 'oai_dc', 'csl-json', 'html'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** What `out` is for each format: a file, or a folder created by the export. */
export const OUTPUT_KIND: Record<ExportFormat, 'file' | 'folder'> = {
  bagit: 'folder',
  'bagit-zip': 'file',
  csv: 'file',
  json: 'file',
  jsonld: 'file',
  oai_dc: 'folder',
  'csl-json': 'file',
  html: 'folder'
}

/** The usual file name ending for each format (for a save dialog's default name). */
export const FORMAT_EXTENSION: Record<ExportFormat, string> = {
  bagit: '',
  'bagit-zip': '.zip',
  csv: '.csv',
  json: '.json',
  jsonld: '.jsonld',
  oai_dc: '',
  'csl-json': '.csl.json',
  html: ''
}

