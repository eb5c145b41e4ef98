import { toast } from 'sonner'
import { clearToken, getToken } from './auth'

export class ApiError extends Error {
  readonly status: number
  readonly type?: string
  constructor(status: number, message: string, type?: string) {
    super(message)
    this.status = status
    this.type = type
  }
}

export type Page<T> = { items: T[]; total: number; page: number; page_size: number }
export type Items<T> = { items: T[] }

type Query = Record<string, string | number | boolean | null | undefined>
export type RequestOptions = {
  method?: string
  query?: Query
  /** JSON-encoded unless it is already a string */
  body?: unknown
  headers?: Record<string, string>
  /** use this token instead of the stored one (login check) */
  token?: string
  /** do not toast and do not redirect on 401; the caller handles the error */
  silent?: boolean
  /** return the body as text instead of parsing JSON */
  text?: boolean
}

let onUnauthorized: () => void = () => {
  if (window.location.pathname !== '/login') window.location.assign('/login')
}
/** The router installs a navigate-based handler; the default reloads to /login. */
export function setUnauthorizedHandler(fn: () => void) {
  onUnauthorized = fn
}

export function buildUrl(path: string, query?: Query) {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v))
  }
  const s = qs.toString()
  return s ? `${path}?${s}` : path
}

async function errorMessage(res: Response): Promise<{ message: string; type?: string }> {
  const text = await res.text().catch(() => '')
  try {
    const j = JSON.parse(text)
    if (j?.error?.message) return { message: j.error.message, type: j.error.type }
  } catch {
    /* not JSON */
  }
  return { message: text.trim() || `${res.status} ${res.statusText}`.trim() }
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const token = opts.token ?? getToken()
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers }
  if (token) headers.Authorization = `Bearer ${token}`
  let body: BodyInit | undefined
  if (opts.body !== undefined) {
    if (typeof opts.body === 'string') {
      body = opts.body
    } else {
      body = JSON.stringify(opts.body)
      headers['Content-Type'] = 'application/json'
    }
  }
  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.query), { method: opts.method ?? 'GET', headers, body })
  } catch (e) {
    const err = new ApiError(0, `Network error: ${(e as Error).message}`)
    if (!opts.silent) toast.error(err.message)
    throw err
  }
  if (!res.ok) {
    const { message, type } = await errorMessage(res)
    const err = new ApiError(res.status, message, type)
    if (!opts.silent) {
      if (res.status === 401) {
        clearToken()
        toast.error(message)
        onUnauthorized()
      } else {
        toast.error(message)
      }
    }
    throw err
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  if (opts.text) return text as T
  return (text ? JSON.parse(text) : undefined) as T
}
