// The proposal schema lives in shared/ with the contract; re-exported for the importer.
export { ProposalSchema, ProposedItemSchema, AuthoritySchema } from '../../../../shared/proposal'
