// A zod schema of a press-page import proposal as it crosses the API (`import:commit` takes
// one back from the review screen).
import { z } from 'zod'
import { ItemCreateSchema, LIMITS } from './model'

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
    sourceText: z.string().max(LIMITS.longText),
    /** The title was made from the body (a split with no heading to take), so it is no text of the page: a merge leaves it out. */
    titleMadeUp: z.boolean().optional()
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

export type Proposal = z.infer<typeof ProposalSchema>
export type ProposedItem = z.infer<typeof ProposedItemSchema>
