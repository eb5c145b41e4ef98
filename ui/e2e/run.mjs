#!/usr/bin/env node
// End-to-end check of the WebUI against a running llmio server, in Debian's headless Chromium.
//
// Inputs (environment):
//   LLMIO_URL        base URL of the running server            (default http://127.0.0.1:7070)
//   LLMIO_TOKEN      admin token; empty when the server runs without one
//   MOCK_OPENAI_URL  base URL (with /v1) of a mock OpenAI-compatible upstream   (required)
//   MOCK_KEY         API key the mock upstream accepts          (default sk-mock)
//   MOCK_MODEL       upstream model id to route to              (default gpt-4o-mini)
//   CHROMIUM         browser binary                             (default /usr/bin/chromium)
//   SCREENSHOT_DIR   where <page>-<theme>.png go                 (default <repo>/docs/screenshots)
// Output: screenshots of every page in light and dark; one line per step on stdout;
// exit 0 when every step passed, 1 on the first failure (with e2e/.tmp/failure.png).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
const BASE = (process.env.LLMIO_URL || 'http://127.0.0.1:7070').replace(/\/$/, '')
const TOKEN = process.env.LLMIO_TOKEN || ''
const MOCK_URL = process.env.MOCK_OPENAI_URL || ''
const MOCK_KEY = process.env.MOCK_KEY || 'sk-mock'
const MOCK_MODEL = process.env.MOCK_MODEL || 'gpt-4o-mini'
const SHOTS = resolve(process.env.SCREENSHOT_DIR || join(here, '..', '..', 'docs', 'screenshots'))
const TMP = join(here, '.tmp')
const STEP_TIMEOUT = 20_000

if (!MOCK_URL) {
  console.error('e2e: MOCK_OPENAI_URL is required (base URL of a mock OpenAI upstream, e.g. http://127.0.0.1:9999/v1)')
  process.exit(2)
}

const sfx = Date.now().toString(36)
const names = { provider: `e2e-openai-${sfx}`, model: `e2e-model-${sfx}`, key: `e2e-key-${sfx}` }
let passed = 0

function fail(msg) {
  throw new Error(msg)
}
async function step(name, fn) {
  const t0 = Date.now()
  await fn()
  passed++
  console.log(`ok ${passed} - ${name} (${Date.now() - t0} ms)`)
}
/** Polls `fn` until it returns a truthy value or the deadline passes. */
async function until(what, fn, ms = 30_000, every = 500) {
  const end = Date.now() + ms
  let last
  while (Date.now() < end) {
    try {
      last = await fn()
      if (last) return last
    } catch (e) {
      last = e
    }
    await new Promise((r) => setTimeout(r, every))
  }
  fail(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`)
}

async function setTheme(page, theme) {
  await page.evaluate((t) => localStorage.setItem('llmio.theme', t), theme)
}
/** Screenshots the current route in light and dark, leaving the page in light. */
async function shoot(page, name, { ready } = {}) {
  for (const theme of ['light', 'dark']) {
    await setTheme(page, theme)
    await page.reload({ waitUntil: 'networkidle' })
    if (ready) await ready()
    await page.waitForTimeout(300) // chart animations
    const isDark = await page.evaluate(() => document.documentElement.classList.contains('dark'))
    if (isDark !== (theme === 'dark')) fail(`theme ${theme} not applied on ${name}`)
    await page.screenshot({ path: join(SHOTS, `${name}-${theme}.png`), fullPage: true })
  }
  await setTheme(page, 'light')
  await page.reload({ waitUntil: 'networkidle' })
}

const userDataDir = mkdtempSync(join(tmpdir(), 'llmio-e2e-'))
mkdirSync(SHOTS, { recursive: true })
mkdirSync(TMP, { recursive: true })
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  viewport: { width: 1440, height: 900 },
  locale: 'en-US',
})
context.setDefaultTimeout(STEP_TIMEOUT)
const page = context.pages()[0] ?? (await context.newPage())
const consoleErrors = []
page.on('pageerror', (e) => consoleErrors.push(e.message))
// the server's Content-Security-Policy must not block anything the UI does (inline script or style, fetch)
page.on('console', (m) => {
  if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) consoleErrors.push(`CSP: ${m.text()}`)
})

let code = 0
try {
  let auth = true
  let modelUrl = ''
  let apiKey = ''
  let usage = null

  await step('server answers /api/version', async () => {
    const r = await fetch(`${BASE}/api/version`)
    if (!r.ok) fail(`/api/version answered ${r.status}`)
    auth = (await r.json()).auth !== false
    if (auth && !TOKEN) fail('server requires a token but LLMIO_TOKEN is empty')
  })

  await step('log in', async () => {
    await page.goto(`${BASE}/login`, { waitUntil: 'networkidle' })
    await page.evaluate(() => localStorage.setItem('llmio.lang', 'en'))
    if (auth) {
      await shoot(page, 'login', { ready: () => page.locator('#token').waitFor() })
      await page.fill('#token', 'definitely-wrong-token')
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('alert').filter({ hasText: 'Invalid token' }).waitFor()
      await page.fill('#token', TOKEN)
      await page.getByRole('button', { name: 'Sign in' }).click()
    }
    await page.waitForURL((u) => u.pathname === '/')
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor()
  })

  await step('create provider (openai → mock upstream)', async () => {
    await page.goto(`${BASE}/providers`, { waitUntil: 'networkidle' })
    await page.getByRole('button', { name: 'New provider' }).click()
    await page.fill('#p-name', names.provider)
    await page.selectOption('#p-type', 'openai')
    await page.fill('#p-base', MOCK_URL)
    await page.fill('#p-key', MOCK_KEY)
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByTestId(`provider-${names.provider}`).waitFor()
    const masked = await page.getByTestId(`provider-${names.provider}`).innerText()
    if (masked.includes(MOCK_KEY) && MOCK_KEY.length > 8) fail('provider row shows the full upstream key')
  })

  await step('create model', async () => {
    await page.goto(`${BASE}/models`, { waitUntil: 'networkidle' })
    await page.getByRole('button', { name: 'New model' }).click()
    await page.fill('#m-name', names.model)
    await page.click('#m-io_log') // store bodies, so the log detail shows them
    await page.getByRole('button', { name: 'Save' }).click()
    await page.waitForURL(/\/models\/\d+$/)
    await page.getByRole('heading', { name: names.model }).waitFor()
    modelUrl = new URL(page.url()).pathname
  })

  await step('create association', async () => {
    await page.getByRole('button', { name: 'Add provider' }).click()
    await page.locator('#a-provider option', { hasText: names.provider }).waitFor({ state: 'attached' })
    await page.selectOption('#a-provider', { label: `${names.provider} (openai)` })
    await page.fill('#a-model', MOCK_MODEL)
    await page.fill('#a-weight', '1')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByTestId(`assoc-${names.provider}`).waitFor()
  })

  await step('Test button reports success', async () => {
    const row = page.getByTestId(`assoc-${names.provider}`)
    await row.getByRole('button', { name: 'Test', exact: true }).click()
    const result = row.locator('[data-testid^="test-result-"]')
    await result.waitFor({ timeout: 60_000 })
    if ((await result.getAttribute('data-ok')) !== 'true') fail(`test failed: ${await row.innerText()}`)
  })

  await step('Test tools button reports its check', async () => {
    // the mock answers this model in text: the check runs end to end and says why tool calling is not shown
    const row = page.getByTestId(`assoc-${names.provider}`)
    await row.getByRole('button', { name: 'Test tools', exact: true }).click()
    const result = row.locator('[data-testid^="test-tools-result-"]')
    await result.waitFor({ timeout: 60_000 })
    const text = await row.innerText()
    if ((await result.getAttribute('data-ok')) !== 'true' && !text.includes('tool call')) fail(`test tools shows no reason: ${text}`)
  })

  await step('create API key and read it once', async () => {
    await page.goto(`${BASE}/keys`, { waitUntil: 'networkidle' })
    await page.getByRole('button', { name: 'New API key' }).click()
    await page.fill('#k-name', names.key)
    await page.getByRole('button', { name: 'Create' }).click()
    apiKey = (await page.getByTestId('created-key').innerText()).trim()
    if (!apiKey.startsWith('sk-llmio-')) fail(`created key looks wrong: ${apiKey.slice(0, 12)}…`)
    await page.getByRole('button', { name: 'Done' }).click()
    const row = await page.getByTestId(`key-${names.key}`).innerText()
    if (row.includes(apiKey)) fail('key list shows the full secret after creation')
  })

  await step('proxied chat completion with the new key', async () => {
    const r = await fetch(`${BASE}/v1/chat/completions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: names.model, messages: [{ role: 'user', content: 'Say hello to the e2e test.' }] }),
    })
    const text = await r.text()
    if (r.status !== 200) fail(`proxy answered ${r.status}: ${text.slice(0, 300)}`)
    const body = JSON.parse(text)
    if (!body.choices?.length) fail(`no choices in reply: ${text.slice(0, 300)}`)
    usage = body.usage ?? null
  })

  await step('request appears in Logs with its tokens', async () => {
    const row = await until('log row', async () => {
      await page.goto(`${BASE}/logs?model=${encodeURIComponent(names.model)}`, { waitUntil: 'networkidle' })
      const rows = page.locator('[data-testid^="log-"]')
      if ((await rows.count()) === 0) return null
      const first = rows.first()
      return (await first.innerText()).includes('success') ? first : null
    })
    const tokens = (await row.getByTestId('log-tokens').innerText()).replace(/[,\s]/g, '')
    const total = parseInt(tokens, 10)
    if (!(total > 0)) fail(`log row shows no tokens: ${tokens}`)
    if (usage?.total_tokens && total !== usage.total_tokens) fail(`log tokens ${total} != reply usage ${usage.total_tokens}`)
    await shoot(page, 'logs')
    for (const theme of ['light', 'dark']) {
      await setTheme(page, theme)
      await page.reload({ waitUntil: 'networkidle' })
      await page.locator('[data-testid^="log-"]').first().click()
      const sheet = page.getByTestId('log-detail')
      await sheet.getByText('Attempts in this trace').waitFor()
      await sheet.getByText('Total tokens').waitFor()
      await page.waitForTimeout(600) // sheet slide-in
      await page.screenshot({ path: join(SHOTS, `log-detail-${theme}.png`) })
      await page.keyboard.press('Escape')
    }
    await setTheme(page, 'light')
  })

  await step('request counted on the Dashboard', async () => {
    await until('dashboard counts', async () => {
      await page.goto(`${BASE}/`, { waitUntil: 'networkidle' })
      const req = parseInt((await page.getByTestId('stat-requests-total').innerText()).replace(/\D/g, ''), 10)
      const top = await page.getByRole('cell', { name: names.model, exact: true }).count()
      const key = await page.getByRole('cell', { name: names.key, exact: true }).count()
      return req >= 1 && top > 0 && key > 0
    })
  })

  await step('screenshots of every page, light and dark', async () => {
    const pages = [
      ['dashboard', '/', () => page.getByTestId('stat-requests-total').waitFor()],
      ['providers', '/providers', () => page.getByTestId(`provider-${names.provider}`).waitFor()],
      ['models', '/models', () => page.getByTestId(`model-${names.model}`).waitFor()],
      ['model-detail', modelUrl, () => page.getByTestId(`assoc-${names.provider}`).waitFor()],
      ['keys', '/keys', () => page.getByTestId(`key-${names.key}`).waitFor()],
      ['health', '/status', () => page.getByTestId('health-overall').waitFor()],
      ['settings', '/settings', () => page.getByRole('heading', { name: 'Settings' }).waitFor()],
    ]
    for (const [name, path, ready] of pages) {
      await page.goto(`${BASE}${path}`, { waitUntil: 'networkidle' })
      await shoot(page, name, { ready })
    }
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${BASE}/`, { waitUntil: 'networkidle' })
    await shoot(page, 'dashboard-phone', { ready: () => page.getByTestId('stat-requests-total').waitFor() })
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  await step('Chinese switch', async () => {
    await page.goto(`${BASE}/providers`, { waitUntil: 'networkidle' })
    await page.getByTestId('lang-toggle').click()
    await page.getByRole('heading', { name: '提供商' }).waitFor()
    await page.reload({ waitUntil: 'networkidle' })
    await page.getByRole('heading', { name: '提供商' }).waitFor()
    await page.getByTestId('lang-toggle').click()
    await page.getByRole('heading', { name: 'Providers' }).waitFor()
  })

  await step('API key login shows its own usage page', async () => {
    await page.evaluate(() => localStorage.removeItem('llmio.token'))
    await page.goto(`${BASE}/login`, { waitUntil: 'networkidle' })
    await page.fill('#token', apiKey)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL((u) => u.pathname === '/usage')
    await page.getByRole('heading', { name: `Usage of ${names.key}` }).waitFor()
    await until('usage counts', async () => {
      await page.reload({ waitUntil: 'networkidle' })
      return parseInt((await page.getByTestId('stat-requests-total').innerText()).replace(/\D/g, ''), 10) >= 1
    })
    await shoot(page, 'usage', { ready: () => page.getByTestId('stat-requests-total').waitFor() })
    await page.goto(`${BASE}/providers`, { waitUntil: 'networkidle' })
    if (new URL(page.url()).pathname !== '/usage') fail('an API key reached an admin page')
  })

  if (consoleErrors.length) fail(`uncaught page errors: ${consoleErrors.join(' | ')}`)
  console.log(`${passed} passed, 0 failed`)
} catch (e) {
  code = 1
  console.error(`not ok ${passed + 1} - ${e.message}`)
  await page.screenshot({ path: join(TMP, 'failure.png'), fullPage: true }).catch(() => {})
  console.error(`failure screenshot: ${join(TMP, 'failure.png')}`)
  console.log(`${passed} passed, 1 failed`)
} finally {
  await context.close().catch(() => {})
  rmSync(userDataDir, { recursive: true, force: true })
}
process.exit(code)
