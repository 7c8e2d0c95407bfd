// The press-page importer (README.md beside this file says what it decides and why).
// Pure: propose*, the review helpers, the schema. With an archive: *ForArchive,
// findDuplicates / markDuplicates, authoritiesFromArchive, commitProposal.
export * from './types'
export { proposeFromText, proposeFromHtml, proposeFromBytes, METHOD } from './propose'
export { proposeTextForArchive, proposeBytesForArchive, readSourceFile } from './forArchive'
export { mergeProposed, splitProposed, reenrichItem, restoreSkipped, type EditContext } from './edit'
export { findDuplicates, markDuplicates, textHash, type Duplicate } from './duplicates'
export { authoritiesFromArchive } from './archiveNames'
export { commitProposal, type CommitOptions, type CommitResult } from './commit'
export { ProposalSchema, ProposedItemSchema, AuthoritySchema } from './schema'
export { extractHtml, type HtmlArticle } from './html'
export { decodeBytes, MAX_SOURCE_BYTES, type Decoded } from './decode'
export { KNOWN_ACRONYMS } from './authorities'
