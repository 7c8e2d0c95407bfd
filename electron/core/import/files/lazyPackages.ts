// The file readers' heavy packages, loaded the first time a file needs one. Loaded together
// they take seconds, paid by every process that imports the readers (a CSV import, the CLI,
// each crash-test child) though most imports touch one or two kinds of file. Bare package
// names only: `import()` of a package resolves the same in the bundles, under tsx and in tests.
export const loadSharp = async () => (await import('sharp')).default
export const loadExifr = async () => (await import('exifr')).default
export const loadJSZip = async () => (await import('jszip')).default
export const loadMammoth = async (): Promise<typeof import('mammoth')> => (await import('mammoth')).default
