import { afterEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { setToken } from '@/lib/auth'
import { mockApi, page, renderApp, version } from '../utils'

const FULL = 'sk-llmio-0123456789abcdef0123456789abcdef'

describe('create API key', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('shows the full key once, then only the masked form', async () => {
    setToken('t')
    const keys: object[] = []
    mockApi({
      'GET /api/version': version(),
      'GET /api/models': page([{ name: 'gpt-4o' }]),
      'GET /api/auth-keys': () => page(keys),
      'POST /api/auth-keys': (c: { body: unknown }) => {
        const row = { id: 1, enabled: true, usage_count: 0, last_used_at: null, created_at: '', updated_at: '', ...(c.body as object) }
        keys.push({ ...row, key: 'sk-l…cdef' })
        return { status: 201, body: { ...row, key: FULL } }
      },
    })
    renderApp('/keys')
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'New API key' }))
    await user.type(screen.getByLabelText('Name'), 'team-a')
    await user.click(screen.getByRole('button', { name: 'Create' }))
    expect(await screen.findByTestId('created-key')).toHaveTextContent(FULL)
    expect(screen.getByText('Copy it now: it will not be shown again.')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Copy' })).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Done' }))
    await waitFor(() => expect(screen.queryByTestId('created-key')).not.toBeInTheDocument())
    expect(await screen.findByText('sk-l…cdef')).toBeInTheDocument()
    expect(screen.queryByText(FULL)).not.toBeInTheDocument()
  })

  it('requires models when "all models" is off', async () => {
    setToken('t')
    const { calls } = mockApi({ 'GET /api/version': version(), 'GET /api/models': page([{ name: 'gpt-4o' }]), 'GET /api/auth-keys': page([]) })
    renderApp('/keys')
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'New API key' }))
    await user.type(screen.getByLabelText('Name'), 'team-b')
    await user.click(screen.getByLabelText('All models'))
    await user.click(screen.getByRole('button', { name: 'Create' }))
    expect(await screen.findByText('Pick at least one model or allow all')).toBeInTheDocument()
    expect(calls.some((c) => c.method === 'POST')).toBe(false)
  })
})

describe('API key budgets and limits', () => {
  afterEach(() => vi.unstubAllGlobals())

  const none = { budget_usd: 0, budget_usd_daily: 0, budget_usd_monthly: 0, budget_tokens: 0, budget_tokens_daily: 0, budget_tokens_monthly: 0, rpm_limit: 0, tpm_limit: 0, max_parallel: 0 }
  const zero = { usd: 0, usd_daily: 0, usd_monthly: 0, tokens: 0, tokens_daily: 0, tokens_monthly: 0, rpm: 0, tpm: 0, parallel: 0 }
  const key = (over: object) => ({
    id: 7, name: 'team-c', key: 'sk-l…beef', enabled: true, allow_all: true, models: [], expires_at: null, usage_count: 3,
    last_used_at: null, created_at: '', updated_at: '', ...none, usage: zero, ...over,
  })

  it('shows the usage against each budget and limit the key has, with a bar', async () => {
    setToken('t')
    mockApi({
      'GET /api/version': version(),
      'GET /api/models': page([]),
      'GET /api/auth-keys': page([
        key({ budget_usd_daily: 2, rpm_limit: 10, usage: { ...zero, usd_daily: 1.5, rpm: 10, usd: 9 } }),
        key({ id: 8, name: 'free', key: 'sk-l…f00d' }),
      ]),
    })
    renderApp('/keys')
    const bars = await screen.findByTestId('usage-team-c')
    expect(bars).toHaveTextContent('Spend per day')
    expect(bars).toHaveTextContent('$1.50 / $2.00')
    expect(bars).toHaveTextContent('Requests per minute')
    expect(bars).toHaveTextContent('10 / 10')
    expect(bars).not.toHaveTextContent('Spend, total')
    const progress = within(bars).getAllByRole('progressbar')
    expect(progress).toHaveLength(2)
    expect(progress[0]).toHaveAttribute('aria-valuenow', '75')
    expect(progress[1]).toHaveAttribute('aria-valuenow', '100')
    expect(within(await screen.findByTestId('key-free')).getByText('none')).toBeInTheDocument()
  })

  it('edits budgets and limits and sends them with the key', async () => {
    setToken('t')
    const { calls } = mockApi({
      'GET /api/version': version(),
      'GET /api/models': page([]),
      'GET /api/auth-keys': page([key({ tpm_limit: 5000 })]),
      'PUT /api/auth-keys/7': (c: { body: unknown }) => ({ status: 200, body: key(c.body as object) }),
    })
    renderApp('/keys')
    const user = userEvent.setup()
    await user.click(within(await screen.findByTestId('key-team-c')).getByRole('button', { name: 'Edit' }))
    expect(screen.getByLabelText('Tokens per minute')).toHaveValue(5000)
    await user.clear(screen.getByLabelText('Spend per month ($)'))
    await user.type(screen.getByLabelText('Spend per month ($)'), '12.5')
    await user.clear(screen.getByLabelText('Requests at once'))
    await user.type(screen.getByLabelText('Requests at once'), '3')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true))
    expect(calls.find((c) => c.method === 'PUT')!.body).toMatchObject({ budget_usd_monthly: 12.5, max_parallel: 3, tpm_limit: 5000, budget_usd: 0 })
  })

  it('refuses a negative budget', async () => {
    setToken('t')
    const { calls } = mockApi({ 'GET /api/version': version(), 'GET /api/models': page([]), 'GET /api/auth-keys': page([key({})]) })
    renderApp('/keys')
    const user = userEvent.setup()
    await user.click(within(await screen.findByTestId('key-team-c')).getByRole('button', { name: 'Edit' }))
    await user.clear(screen.getByLabelText('Tokens per day'))
    await user.type(screen.getByLabelText('Tokens per day'), '-1')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Must be 0 or more')).toBeInTheDocument()
    expect(calls.some((c) => c.method === 'PUT')).toBe(false)
  })
})
