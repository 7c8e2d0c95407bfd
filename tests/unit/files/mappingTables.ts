// A table whose columns are not the model's fields, as the column-mapping tests import it.
import { writeFileSync } from 'node:fs'
import * as path from 'node:path'

export const CSV = [
  'Headline,Published,Summary,Keywords,Internal code',
  '"Minister opens the port of Tangier","2022-11-23","The new terminal doubles capacity.","ports; morocco",A-1',
  '"Accord de coopération signé à Dakar","2022-11-22","Un accord sur la migration.","migration; sénégal",A-2',
  '"مؤتمر صحفي في الرباط","2022-11-21","إعلان عن مشروع جديد.","المغرب",A-3'
].join('\n')

export function writeCsv(dir: string, name: string, text = CSV): string {
  const p = path.join(dir, name)
  writeFileSync(p, text)
  return p
}
