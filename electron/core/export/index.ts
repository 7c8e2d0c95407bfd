// Exports of a Presskeep archive (BagIt, CSV, JSON, JSON-LD, Dublin Core, CSL-JSON, HTML)
// and the import of a Presskeep bag. See README.md in this folder for the formats.
export { exportItems, BAG_FORMAT, BAG_FORMAT_VERSION, type BagDescription, type BagItemFile } from './exportItems'
export { importBag } from './importBag'
export { verifyBag, openBag } from './bagRead'
export { EXPORT_JSON_FORMAT, EXPORT_JSON_VERSION, ExportJsonSchema, exportJsonSchema } from './json'
export { CSV_COLUMNS, LIST_SEPARATOR } from './csv'
export * from './types'
