import { afterEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { getToken, setToken } from '@/lib/auth'
import { mockApi, page, renderApp, version } from '../utils'

const summary = { total: { requests: 3, success: 3, errors: 0, success_rate: 1, prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, cost: 0 } }
const adminRoutes = {
  'GET /api/version': version(true),
  'GET /api/models': (c: { headers: Record<string, string> }) =>
    c.headers.Authorization === 'Bearer good-token' ? page([]) : { status: 401, body: { error: { message: 'invalid token' } } },
  'GET /api/metrics/summary': { ...summary, today: summary.total },
  'GET /api/metrics/series': { range: '24h', bucket: 'hour', points: [] },
  'GET /api/metrics/models': { items: [] },
  'GET /api/metrics/keys': { items: [] },
}

describe('login', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('rejects a bad token, accepts the admin token and lands on the dashboard', async () => {
    mockApi(adminRoutes)
    renderApp('/login')
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText('Token'), 'bad-token')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid token')
    expect(getToken()).toBe('')

    await user.clear(screen.getByLabelText('Token'))
    await user.type(screen.getByLabelText('Token'), 'good-token')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument()
    expect(getToken()).toBe('good-token')
  })

  it('sends a visitor without a token to the login page', async () => {
    mockApi(adminRoutes)
    renderApp('/providers')
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument()
  })

  it('passes straight through when the server has no token', async () => {
    mockApi({ ...adminRoutes, 'GET /api/version': version(false) })
    renderApp('/login')
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument()
  })

  it('an API key logs into its own usage page only', async () => {
    mockApi({
      'GET /api/version': version(true),
      'GET /api/key/summary': (c: { headers: Record<string, string> }) =>
        c.headers.Authorization === 'Bearer sk-llmio-abc'
          ? { key: { id: 1, name: 'team-a', key: 'sk-l…9abc', models: [], allow_all: true, expires_at: null }, ...summary, today: summary.total, series: { range: '7d', bucket: 'day', points: [] }, models: [],
              limits: { budget_usd: 0, budget_usd_daily: 5, budget_usd_monthly: 0, budget_tokens: 0, budget_tokens_daily: 0, budget_tokens_monthly: 0, rpm_limit: 0, tpm_limit: 0, max_parallel: 0 },
              usage: { usd: 3, usd_daily: 1, usd_monthly: 3, tokens: 10, tokens_daily: 4, tokens_monthly: 10, rpm: 0, tpm: 0, parallel: 0 } }
          : { status: 401, body: { error: { message: 'bad key' } } },
    })
    renderApp('/login')
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText('Token'), 'sk-llmio-abc')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('heading', { name: 'Usage of team-a' })).toBeInTheDocument()
    expect(screen.getByTestId('usage-team-a')).toHaveTextContent('Spend per day$1.00 / $5.00')
    expect(screen.queryByRole('link', { name: 'Providers' })).not.toBeInTheDocument()
  })

  it('a 401 from any page clears the token and shows the login form', async () => {
    setToken('expired-token')
    mockApi({ ...adminRoutes, 'GET /api/providers': { status: 401, body: { error: { message: 'token expired' } } }, 'GET /api/providers/types': { items: ['openai'] }, 'GET /api/limits': { rpm: [], ip_locks: [], token_locks: [], backend: 'memory' } })
    renderApp('/providers')
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument()
    await waitFor(() => expect(getToken()).toBe(''))
    expect(await screen.findByText('token expired')).toBeInTheDocument()
  })
})
