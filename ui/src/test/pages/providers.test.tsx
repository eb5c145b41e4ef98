import { afterEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { setToken } from '@/lib/auth'
import { mockApi, page, renderApp, version } from '../utils'

const provider = (i: number) => ({
  id: i, name: `prov-${String(i).padStart(2, '0')}`, type: i % 2 ? 'openai' : 'anthropic', base_url: 'https://api.example.com/v1', api_key: 'sk-a…wxyz',
  headers: {}, proxy: '', error_matcher: [], rpm_limit: i === 1 ? 5 : 0, tpm_limit: 0, ip_lock_minutes: 0, console: '', enabled: true, max_completion_tokens: false, created_at: '', updated_at: '',
})
const all = Array.from({ length: 45 }, (_, i) => provider(i + 1))

describe('providers table', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('renders one server page at a time and asks the server for the next', async () => {
    setToken('t')
    const { calls } = mockApi({
      'GET /api/version': version(),
      'GET /api/providers/types': { items: ['openai', 'anthropic'] },
      'GET /api/limits': { rpm: [{ provider_id: 1, provider_name: 'prov-01', count: 3, limit: 5 }], ip_locks: [], token_locks: [], backend: 'memory' },
      'GET /api/providers': (c: { query: URLSearchParams }) => {
        const p = Number(c.query.get('page') ?? 1)
        const s = Number(c.query.get('page_size') ?? 20)
        return page(all.slice((p - 1) * s, p * s), all.length, p, s)
      },
    })
    renderApp('/providers')
    expect(await screen.findByTestId('provider-prov-01')).toBeInTheDocument()
    expect(screen.getAllByTestId(/^provider-/)).toHaveLength(20)
    expect(screen.getByText('45 total')).toBeInTheDocument()
    expect(screen.getByText('Page 1 of 3')).toBeInTheDocument()
    expect(within(screen.getByTestId('provider-prov-01')).getByText('3 / 5')).toBeInTheDocument()

    await userEvent.setup().click(screen.getByRole('button', { name: 'Next page' }))
    expect(await screen.findByTestId('provider-prov-21')).toBeInTheDocument()
    expect(screen.queryByTestId('provider-prov-01')).not.toBeInTheDocument()
    expect(screen.getByText('Page 2 of 3')).toBeInTheDocument()
    const last = calls.filter((c) => c.path === '/api/providers').at(-1)!
    expect(last.query.get('page')).toBe('2')
    expect(last.query.get('page_size')).toBe('20')
  })

  it('validates the create form before sending it', async () => {
    setToken('t')
    const { calls } = mockApi({
      'GET /api/version': version(),
      'GET /api/providers/types': { items: ['openai', 'anthropic'] },
      'GET /api/limits': { rpm: [], ip_locks: [], token_locks: [], backend: 'memory' },
      'GET /api/providers': page([]),
      'POST /api/providers': (c: { body: unknown }) => ({ status: 201, body: { ...provider(99), ...(c.body as object) } }),
    })
    renderApp('/providers')
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'New provider' }))
    const dialog = within(await screen.findByRole('dialog'))
    await user.selectOptions(dialog.getByLabelText('Type'), 'anthropic')
    expect(dialog.getByLabelText('Base URL')).toHaveAttribute('placeholder', 'https://api.anthropic.com/v1')
    await user.type(screen.getByLabelText('Name'), 'claude')
    await user.type(screen.getByLabelText('Base URL'), 'not a url')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Must be an http(s) URL')).toBeInTheDocument()
    expect(calls.some((c) => c.method === 'POST')).toBe(false)

    await user.clear(screen.getByLabelText('Base URL'))
    await user.type(screen.getByLabelText('Base URL'), 'https://api.anthropic.com/v1')
    await user.type(screen.getByLabelText('API key'), 'sk-ant-1')
    await user.type(screen.getByLabelText('Proxy'), 'ftp://proxy:21')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Must be an http(s) or socks5(h) URL')).toBeInTheDocument()
    expect(calls.some((c) => c.method === 'POST')).toBe(false)

    await user.clear(screen.getByLabelText('Proxy'))
    await user.type(screen.getByLabelText('Proxy'), 'socks5h://127.0.0.1:7890')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ name: 'claude', type: 'anthropic', base_url: 'https://api.anthropic.com/v1', api_key: 'sk-ant-1', proxy: 'socks5h://127.0.0.1:7890', rpm_limit: 0, tpm_limit: 0 })
  })

  it('sends the max_completion_tokens switch of an OpenAI provider', async () => {
    setToken('t')
    const { calls } = mockApi({
      'GET /api/version': version(),
      'GET /api/providers/types': { items: ['openai', 'anthropic'] },
      'GET /api/limits': { rpm: [], ip_locks: [], token_locks: [], backend: 'memory' },
      'GET /api/providers': page([]),
      'POST /api/providers': (c: { body: unknown }) => ({ status: 201, body: { ...provider(99), ...(c.body as object) } }),
    })
    renderApp('/providers')
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'New provider' }))
    const dialog = within(await screen.findByRole('dialog'))
    await user.type(dialog.getByLabelText('Name'), 'o1')
    await user.type(dialog.getByLabelText('Base URL'), 'https://api.openai.com/v1')
    await user.type(dialog.getByLabelText('API key'), 'sk-1')
    await user.click(dialog.getByLabelText('Send max_completion_tokens'))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ name: 'o1', type: 'openai', max_completion_tokens: true })
  })
})
