// The press-page importer: propose (pure), review helpers (pure), duplicates and commit (archive).
export { proposeFromText, proposeFromHtml, proposeFromBytes, METHOD } from './propose'
export { mergeProposed, splitProposed, reenrichItem, type EditContext } from './edit'
export { findDuplicates, markDuplicates, textHash, type Duplicate } from './duplicates'
export { commitProposal, type CommitOptions, type CommitResult } from './commit'
export { extractHtml, type HtmlArticle } from './html'
export { decodeBytes, MAX_SOURCE_BYTES, type Decoded } from './decode'
export { KNOWN_ACRONYMS } from './authorities'
export * from './types'
