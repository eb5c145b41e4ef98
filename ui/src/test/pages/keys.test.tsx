import { afterEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/react'
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
