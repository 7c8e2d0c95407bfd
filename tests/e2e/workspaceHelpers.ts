import AxeBuilder from '@axe-core/playwright'
import type { Locator, Page } from '@playwright/test'
import type { Input, MethodName, Output, Result } from '../../shared/contract'
import { expect } from './fixtures'

/** Seeds data through the same loopback API the window uses (faster than typing it). */
export async function api<M extends MethodName>(page: Page, method: M, input: Input<M>): Promise<Output<M>> {
  const res = await page.request.post(`/api/${method}`, { data: input, headers: { 'x-presskeep-secret': process.env.PK_E2E_SECRET! } })
  const body = (await res.json()) as Result<Output<M>>
  if (!body.ok) throw new Error(`${method}: ${body.message}`)
  return body.value
}

export const unique = (s: string) => `${s} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`

export const list = (page: Page) => page.getByRole('listbox', { name: /^(Item list|Liste des documents|قائمة الوثائق)$/ })
export const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Library' })
export const row = (page: Page, title: string) => list(page).getByRole('option', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })

/** Shows the list again after seeding, so it holds what the API just made. */
export async function showAll(page: Page): Promise<void> {
  await page.reload()
  await page.getByRole('listbox').waitFor()
  // The first place in the sidebar, whatever the interface language.
  await page.getByRole('navigation').getByRole('button').first().click()
}

export async function openSettings(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^(Settings|Réglages|الإعدادات)$/ }).click()
  await expect(page.getByRole('dialog')).toBeVisible()
}

type StyleWindow = { getComputedStyle(e: unknown): { direction: string; backgroundColor: string } }
/** The direction the browser resolved for an element (dir="auto" included). */
export const directionOf = (locator: Locator) => locator.evaluate((el) => (globalThis as unknown as StyleWindow).getComputedStyle(el).direction)
export const backgroundOf = (locator: Locator) => locator.evaluate((el) => (globalThis as unknown as StyleWindow).getComputedStyle(el).backgroundColor)

/** axe finds no serious or critical violation in the open dialog(s) (the page behind is checked by the workspace specs). */
export async function dialogPassesAxe(page: Page, what: string, options: { sandboxedFrames?: boolean } = {}): Promise<void> {
  // A tab in the background gets no animation frames, and axe waits for them: bring it forward.
  await page.bringToFront()
  // Our Dialog is the native <dialog> (its role implicit); the older modals say role=dialog.
  const axe = new AxeBuilder({ page }).include('dialog[open], [role=dialog]')
  // A document shown in a frame sandboxed without scripts cannot run axe inside; the frame's own
  // content is the document's, not ours. axe's default run then ends on a page it opens beside,
  // which failed here; its single-page run checks our chrome around the frame the same way.
  if (options.sandboxedFrames) axe.setLegacyMode(true)
  const { violations } = await axe.analyze()
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${what}: ${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).slice(0, 3).join(' | ')}`)).toEqual([])
}
