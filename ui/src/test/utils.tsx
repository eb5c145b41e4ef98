import { render } from '@testing-library/react'
import { MemoryRouter } from 'react-router'
import { vi } from 'vitest'
import { App, makeQueryClient } from '@/app'

export type Call = { method: string; path: string; query: URLSearchParams; headers: Record<string, string>; body: unknown }
type Reply = { status?: number; body?: unknown } | unknown
export type Handler = (c: Call) => Reply | Promise<Reply>

const isReply = (r: unknown): r is { status?: number; body?: unknown } => !!r && typeof r === 'object' && ('status' in r || 'body' in r)

/** Stubs global fetch with a table of "METHOD /path" → handler; unmatched calls answer 404. */
export function mockApi(routes: Record<string, Handler | unknown>) {
  const calls: Call[] = []
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost')
    const method = (init.method ?? 'GET').toUpperCase()
    const headers = (init.headers ?? {}) as Record<string, string>
    let body: unknown = init.body
    try {
      body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body
    } catch {
      /* text */
    }
    const call = { method, path: url.pathname, query: url.searchParams, headers, body }
    calls.push(call)
    const h = routes[`${method} ${url.pathname}`]
    const out = h === undefined ? { status: 404, body: { error: { message: `no mock for ${method} ${url.pathname}` } } } : typeof h === 'function' ? await (h as Handler)(call) : h
    const { status = 200, body: resBody } = isReply(out) ? out : { status: 200, body: out }
    return new Response(resBody === undefined ? null : JSON.stringify(resBody), { status, headers: { 'Content-Type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fetchMock)
  return { calls, fetchMock }
}

export function renderApp(path: string) {
  const client = makeQueryClient()
  client.setDefaultOptions({ queries: { ...client.getDefaultOptions().queries, retry: false } })
  return render(
    <MemoryRouter initialEntries={[path]}>
      <App client={client} />
    </MemoryRouter>,
  )
}

export const page = <T,>(items: T[], total = items.length, p = 1, s = 20) => ({ items, total, page: p, page_size: s })
export const version = (auth = true) => ({ version: '0.1.0', database: 'embedded', redis: false, auth })
