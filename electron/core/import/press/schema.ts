// A zod schema of a Proposal as it crosses the API (`import:commit` takes one back from the
// review screen). It belongs in shared/ beside the contract; it is kept here until the lead
// moves it, so that it is tested with the importer.
import { z } from 'zod'
import { ItemCreateSchema, LIMITS } from '../../../../shared/model'

const short = z.string().max(LIMITS.shortText)

export const AuthoritySchema = z
  .object({
    kind: z.enum(['person', 'organisation', 'place']),
    preferred: short.min(1),
    variants: z.array(short).max(LIMITS.listEntries)
  })
  .strict()

export const ProposedItemSchema = z
  .object({
    key: z.string().min(1).max(64),
    fields: ItemCreateSchema,
    sourceText: z.string().max(LIMITS.longText)
  })
  .strict()

export const ProposalSchema = z
  .object({
    items: z.array(ProposedItemSchema).max(LIMITS.idsPerCall),
    skipped: z.array(z.object({ text: z.string().max(LIMITS.longText), reason: short }).strict()).max(LIMITS.idsPerCall),
    authorities: z.array(AuthoritySchema).max(LIMITS.idsPerCall),
    notices: z.array(short).max(100),
    source: z
      .object({
        kind: z.enum(['text', 'html']),
        encoding: z.string().max(32).optional(),
        language: z.string().max(35),
        pageDate: z.string().max(40)
      })
      .strict()
  })
  .strict()
