import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { toast } from 'sonner'
import { api, ApiError, setUnauthorizedHandler } from './api-client'
import { getToken, setToken } from './auth'
import { mockApi } from '@/test/utils'

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }))

describe('api client', () => {
  beforeEach(() => vi.mocked(toast.error).mockClear())
  afterEach(() => vi.unstubAllGlobals())

  it('sends the stored token as a bearer header and the query string', async () => {
    setToken('admin-secret')
    const { calls } = mockApi({ 'GET /api/providers': { items: [], total: 0, page: 2, page_size: 20 } })
    await api('/api/providers', { query: { page: 2, search: '', type: undefined } })
    expect(calls[0].headers.Authorization).toBe('Bearer admin-secret')
    expect(calls[0].query.toString()).toBe('page=2')
  })

  it('shows the server error message in a toast and throws ApiError', async () => {
    mockApi({ 'POST /api/providers': { status: 422, body: { error: { message: 'base_url: must be an http(s) URL', type: 'invalid_request' } } } })
    const err = (await api('/api/providers', { method: 'POST', body: {} }).catch((e: unknown) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(422)
    expect(err.message).toBe('base_url: must be an http(s) URL')
    expect(toast.error).toHaveBeenCalledWith('base_url: must be an http(s) URL')
  })

  it('on 401 clears the token and calls the unauthorized handler', async () => {
    setToken('stale')
    const onUnauthorized = vi.fn()
    setUnauthorizedHandler(onUnauthorized)
    mockApi({ 'GET /api/models': { status: 401, body: { error: { message: 'invalid token' } } } })
    await expect(api('/api/models')).rejects.toMatchObject({ status: 401 })
    expect(getToken()).toBe('')
    expect(onUnauthorized).toHaveBeenCalledOnce()
  })

  it('silent calls neither toast nor redirect', async () => {
    setToken('t')
    const onUnauthorized = vi.fn()
    setUnauthorizedHandler(onUnauthorized)
    mockApi({ 'GET /api/models': { status: 401, body: { error: { message: 'nope' } } } })
    await expect(api('/api/models', { silent: true })).rejects.toMatchObject({ status: 401 })
    expect(toast.error).not.toHaveBeenCalled()
    expect(onUnauthorized).not.toHaveBeenCalled()
    expect(getToken()).toBe('t')
  })
})
