// Passwords are kept as scrypt hashes (node:crypto, no dependency): a random salt per password,
// the cost parameters stored with the hash so they can be raised later without breaking old
// ones. The plain password is never written anywhere.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))))

// One of OWASP's equivalent scrypt settings (N = 2^15, r = 8, p = 3): 32 MiB per hash, so a
// burst of sign-ins cannot take the server's memory; the lockout bounds online guessing.
export type ScryptCost = { N: number; r: number; p: number }
export const DEFAULT_COST: ScryptCost = { N: 1 << 15, r: 8, p: 3 }
const KEYLEN = 32
const MAXMEM = 64 * 1024 * 1024

export const MIN_PASSWORD_LENGTH = 8
export const MAX_PASSWORD_LENGTH = 1024

/** `scrypt$N$r$p$salt$hash` (salt and hash in base64url). */
export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, KEYLEN, { ...cost, maxmem: MAXMEM })
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = parts.slice(1, 4).map(Number)
  const salt = Buffer.from(parts[4], 'base64url')
  const expected = Buffer.from(parts[5], 'base64url')
  if (!Number.isInteger(N) || !Number.isInteger(r) || !Number.isInteger(p) || expected.length === 0) return false
  const key = await scrypt(password.slice(0, MAX_PASSWORD_LENGTH), salt, expected.length, { N, r, p, maxmem: MAXMEM })
  return timingSafeEqual(key, expected)
}

/** A hash to compare against when the account does not exist: the answer takes as long either way. */
const decoys = new Map<string, Promise<string>>()
export function decoyHash(cost: ScryptCost = DEFAULT_COST): Promise<string> {
  const key = `${cost.N}:${cost.r}:${cost.p}`
  if (!decoys.has(key)) decoys.set(key, hashPassword(randomBytes(16).toString('hex'), cost))
  return decoys.get(key)!
}
