#!/usr/bin/env node
// A stand-in for the llmio server, for UI development and for checking e2e/run.mjs itself
// while the real backend is not built. NOT the product: an in-memory imitation of docs/api.md
// plus a mock OpenAI upstream under /mock/v1. Serves ui/dist with SPA fallback.
//   PORT=7171 TOKEN=secret node e2e/fake-server.mjs
//   → LLMIO_URL=http://127.0.0.1:7171 LLMIO_TOKEN=secret MOCK_OPENAI_URL=http://127.0.0.1:7171/mock/v1 node e2e/run.mjs
import { createServer } from 'node:http'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes, randomUUID } from 'node:crypto'

const PORT = Number(process.env.PORT || 7171)
const TOKEN = process.env.TOKEN ?? 'secret'
const MOCK_KEY = process.env.MOCK_KEY || 'sk-mock'
const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist')
const now = () => new Date().toISOString()
const mask = (k) => (k.length > 8 ? `${k.slice(0, 4)}…${k.slice(-4)}` : '****')

const db = { providers: [], models: [], assocs: [], keys: [], logs: [], bodies: new Map(), seq: 1 }
const settings = { log_retention_days: '30', log_retention_rows: '0', body_retention_days: '7', body_retention_rows: '0', price_sync_url: '', price_sync_hours: '0' }
const id = () => db.seq++

class HttpError extends Error {
  constructor(status, message) {
    super(message)
    this.status = status
  }
}
const page = (items, q) => {
  const p = Math.max(1, Number(q.get('page') || 1))
  const s = Math.min(100, Number(q.get('page_size') || 20))
  return { items: items.slice((p - 1) * s, p * s), total: items.length, page: p, page_size: s }
}
const find = (list, i) => list.find((x) => x.id === Number(i)) ?? (() => { throw new HttpError(404, 'not found') })()
const pubProvider = (p) => ({ ...p, api_key: mask(p.api_key) })
const pubKey = (k) => ({ ...k, key: mask(k.key) })
const pubAssoc = (a) => {
  const p = db.providers.find((x) => x.id === a.provider_id)
  return { ...a, provider_name: p?.name, provider_type: p?.type }
}
const pubModel = (m) => ({ ...m, association_count: db.assocs.filter((a) => a.model_id === m.id).length })

function totals(logs) {
  const t = { requests: logs.length, success: 0, errors: 0, success_rate: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, cost: 0 }
  for (const l of logs) {
    l.status === 'success' ? t.success++ : t.errors++
    t.prompt_tokens += l.prompt_tokens ?? 0
    t.completion_tokens += l.completion_tokens ?? 0
    t.total_tokens += l.total_tokens ?? 0
    t.cost += l.cost ?? 0
  }
  t.success_rate = logs.length ? t.success / logs.length : 0
  return t
}
function series(logs, range) {
  const hour = range === '24h'
  const n = hour ? 24 : range === '7d' ? 7 : 30
  const step = hour ? 3600e3 : 86400e3
  const end = Math.floor(Date.now() / step) * step
  return {
    range, bucket: hour ? 'hour' : 'day',
    points: Array.from({ length: n }, (_, i) => {
      const from = end - (n - 1 - i) * step
      const ls = logs.filter((l) => { const t = Date.parse(l.created_at); return t >= from && t < from + step })
      const x = totals(ls)
      return { ts: new Date(from).toISOString(), requests: x.requests, errors: x.errors, total_tokens: x.total_tokens, cost: x.cost }
    }),
  }
}
const byModel = (logs) => Object.values(logs.reduce((m, l) => ((m[l.model] ??= []).push(l), m), {})).map((ls) => {
  const t = totals(ls)
  return { model: ls[0].model, requests: t.requests, success_rate: t.success_rate, total_tokens: t.total_tokens, cost: t.cost }
})

async function upstream(p, a, body) {
  const started = Date.now()
  const r = await fetch(`${p.base_url}/chat/completions`, {
    method: 'POST', headers: { Authorization: `Bearer ${p.api_key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...body, ...a.extra_body, model: a.provider_model }),
  })
  return { status: r.status, json: await r.json().catch(() => null), ms: Date.now() - started }
}

function caller(req) {
  const tok = (req.headers.authorization || '').replace(/^Bearer\s+/i, '')
  if (!TOKEN || tok === TOKEN) return { admin: true }
  const k = db.keys.find((x) => x.key === tok)
  return k ? { key: k } : null
}

const routes = [
  ['GET', /^\/api\/version$/, () => ({ version: '0.1.0-fake', database: 'memory', redis: false, auth: !!TOKEN })],
  ['GET', /^\/api\/providers\/types$/, () => ({ items: ['openai', 'openai-responses', 'anthropic', 'gemini'] })],
  ['GET', /^\/api\/providers$/, (q) => page(db.providers.filter((p) => (!q.get('search') || p.name.includes(q.get('search'))) && (!q.get('type') || p.type === q.get('type'))).map(pubProvider), q)],
  ['POST', /^\/api\/providers$/, (q, b) => {
    if (!b.name) throw new HttpError(422, 'name: required')
    if (db.providers.some((p) => p.name === b.name)) throw new HttpError(409, `provider ${b.name} exists`)
    const p = { rpm_limit: 0, ip_lock_minutes: 0, headers: {}, proxy: '', error_matcher: [], console: '', enabled: true, ...b, id: id(), created_at: now(), updated_at: now() }
    db.providers.push(p)
    return pubProvider(p)
  }],
  ['GET', /^\/api\/providers\/(\d+)\/upstream-models$/, async (q, b, [pid]) => {
    const p = find(db.providers, pid)
    const r = await fetch(`${p.base_url}/models`, { headers: { Authorization: `Bearer ${p.api_key}` } })
    return { items: ((await r.json()).data ?? []).map((m) => ({ id: m.id, owned_by: m.owned_by })) }
  }],
  ['PUT', /^\/api\/providers\/(\d+)$/, (q, b, [pid]) => {
    const p = find(db.providers, pid)
    Object.assign(p, b, { api_key: !b.api_key || b.api_key === mask(p.api_key) ? p.api_key : b.api_key, updated_at: now() })
    return pubProvider(p)
  }],
  ['DELETE', /^\/api\/providers\/(\d+)\/ip-lock$/, () => undefined],
  ['DELETE', /^\/api\/providers\/(\d+)$/, (q, b, [pid]) => {
    find(db.providers, pid)
    if (db.assocs.some((a) => a.provider_id === Number(pid)) && q.get('cascade') !== 'true') throw new HttpError(409, 'provider has associations')
    db.assocs = db.assocs.filter((a) => a.provider_id !== Number(pid))
    db.providers = db.providers.filter((p) => p.id !== Number(pid))
  }],
  ['GET', /^\/api\/models$/, (q) => page(db.models.filter((m) => !q.get('search') || m.name.includes(q.get('search'))).map(pubModel), q)],
  ['POST', /^\/api\/models$/, (q, b) => {
    if (db.models.some((m) => m.name === b.name)) throw new HttpError(409, `model ${b.name} exists`)
    const m = { remark: '', strategy: 'lottery', max_retry: 3, timeout_seconds: 60, io_log: false, breaker: true, enabled: true, ...b, id: id(), created_at: now(), updated_at: now() }
    db.models.push(m)
    return pubModel(m)
  }],
  ['GET', /^\/api\/models\/(\d+)$/, (q, b, [mid]) => pubModel(find(db.models, mid))],
  [/^(PUT|PATCH)$/, /^\/api\/models\/(\d+)$/, (q, b, [mid]) => pubModel(Object.assign(find(db.models, mid), b, { updated_at: now() }))],
  ['DELETE', /^\/api\/models\/(\d+)$/, (q, b, [mid]) => {
    if (db.assocs.some((a) => a.model_id === Number(mid)) && q.get('cascade') !== 'true') throw new HttpError(409, 'model has associations')
    db.assocs = db.assocs.filter((a) => a.model_id !== Number(mid))
    db.models = db.models.filter((m) => m.id !== Number(mid))
  }],
  ['GET', /^\/api\/models\/(\d+)\/providers$/, (q, b, [mid]) => ({ items: db.assocs.filter((a) => a.model_id === Number(mid)).map(pubAssoc) })],
  ['POST', /^\/api\/model-providers$/, (q, b) => {
    find(db.providers, b.provider_id)
    const a = { weight: 1, tool_call: true, structured_output: true, image: true, with_header: false, headers: {}, extra_body: {}, enabled: true, ...b, id: id(), created_at: now(), updated_at: now() }
    db.assocs.push(a)
    return pubAssoc(a)
  }],
  [/^(PUT|PATCH)$/, /^\/api\/model-providers\/(\d+)$/, (q, b, [aid]) => pubAssoc(Object.assign(find(db.assocs, aid), b, { updated_at: now() }))],
  ['DELETE', /^\/api\/model-providers\/(\d+)$/, (q, b, [aid]) => { db.assocs = db.assocs.filter((a) => a.id !== Number(aid)) }],
  ['POST', /^\/api\/model-providers\/(\d+)\/test$/, async (q, b, [aid]) => {
    const a = find(db.assocs, aid)
    const r = await upstream(find(db.providers, a.provider_id), a, { messages: [{ role: 'user', content: 'Hi' }], max_tokens: 16 })
    const ok = r.status === 200
    return { ok, status: r.status, latency_ms: r.ms, reply: ok ? r.json.choices[0].message.content : null, error: ok ? null : JSON.stringify(r.json) }
  }],
  ['GET', /^\/api\/auth-keys$/, (q) => page(db.keys.map(pubKey), q)],
  ['POST', /^\/api\/auth-keys$/, (q, b) => {
    const k = { allow_all: true, models: [], expires_at: null, enabled: true, ...b, id: id(), key: `sk-llmio-${randomBytes(16).toString('hex')}`, usage_count: 0, last_used_at: null, created_at: now(), updated_at: now() }
    db.keys.push(k)
    return k
  }],
  [/^(PUT|PATCH)$/, /^\/api\/auth-keys\/(\d+)$/, (q, b, [kid]) => pubKey(Object.assign(find(db.keys, kid), b, { key: find(db.keys, kid).key, updated_at: now() }))],
  ['DELETE', /^\/api\/auth-keys\/(\d+)$/, (q, b, [kid]) => { db.keys = db.keys.filter((k) => k.id !== Number(kid)) }],
  ['GET', /^\/api\/logs$/, (q) => {
    const f = ['model', 'provider_id', 'status', 'style', 'auth_key_id', 'trace_id']
    let ls = db.logs.filter((l) => f.every((k) => !q.get(k) || String(l[k]) === q.get(k)))
    if (q.get('from')) ls = ls.filter((l) => l.created_at >= q.get('from'))
    if (q.get('to')) ls = ls.filter((l) => l.created_at <= q.get('to'))
    return page([...ls].reverse(), q)
  }],
  ['GET', /^\/api\/logs\/(\d+)$/, (q, b, [lid]) => find(db.logs, lid)],
  ['GET', /^\/api\/logs\/(\d+)\/body$/, (q, b, [lid]) => db.bodies.get(Number(lid)) ?? (() => { throw new HttpError(404, 'no body') })()],
  ['POST', /^\/api\/logs\/cleanup$/, () => ({ deleted: 0 })],
  ['GET', /^\/api\/metrics\/summary$/, () => ({ total: totals(db.logs), today: totals(db.logs.filter((l) => l.created_at.slice(0, 10) === now().slice(0, 10))) })],
  ['GET', /^\/api\/metrics\/series$/, (q) => series(db.logs, q.get('range') || '24h')],
  ['GET', /^\/api\/metrics\/models$/, () => ({ items: byModel(db.logs) })],
  ['GET', /^\/api\/metrics\/keys$/, () => ({ items: Object.values(db.logs.reduce((m, l) => ((m[l.auth_key_id ?? 'admin'] ??= []).push(l), m), {})).map((ls) => {
    const t = totals(ls)
    const k = db.keys.find((x) => x.id === ls[0].auth_key_id)
    return { auth_key_id: ls[0].auth_key_id, name: k?.name ?? 'admin', requests: t.requests, total_tokens: t.total_tokens, cost: t.cost }
  }) })],
  ['GET', /^\/api\/health\/detail$/, () => ({
    status: 'healthy', database: { status: 'up', detail: 'in-memory fake' }, redis: { status: 'disabled', detail: 'REDIS_URL not set' },
    providers: db.providers.map((p) => { const ls = db.logs.filter((l) => l.provider_id === p.id); const t = totals(ls); return { id: p.id, name: p.name, status: 'healthy', success_rate: ls.length ? t.success_rate : null, mean_latency_ms: ls.length ? ls.reduce((s, l) => s + l.total_ms, 0) / ls.length : null, requests: ls.length, last_error: null, recent: ls.map((l) => l.status) } }),
    associations: db.assocs.map((a) => ({ id: a.id, model: db.models.find((m) => m.id === a.model_id)?.name, provider: pubAssoc(a).provider_name, status: 'healthy', success_rate: null, mean_latency_ms: null, requests: 0, last_error: null, recent: [], breaker: 'closed' })),
  })],
  ['GET', /^\/api\/limits$/, () => ({ rpm: db.providers.map((p) => ({ provider_id: p.id, provider_name: p.name, count: 0, limit: p.rpm_limit })), ip_locks: [], token_locks: [], backend: 'memory' })],
  ['GET', /^\/api\/settings$/, () => ({ items: settings })],
  ['PUT', /^\/api\/settings\/([a-z_]+)$/, (q, b, [key]) => { settings[key] = String(b.value) }],
  ['GET', /^\/api\/config\/export$/, () => ({ __text: `providers:\n${db.providers.map((p) => `  - name: ${p.name}\n    type: ${p.type}\n    base-url: ${p.base_url}\n`).join('')}models: []\n` })],
  ['POST', /^\/api\/config\/import$/, (q) => ({ applied: q.get('dry_run') !== 'true', changes: [{ kind: 'provider', name: 'from-file', action: 'create' }] })],
]

async function proxyChat(req, res, body) {
  const who = caller(req)
  if (!who) return send(res, 401, { error: { message: 'invalid api key', type: 'authentication_error' } })
  const m = db.models.find((x) => x.name === body.model && x.enabled)
  const a = m && db.assocs.find((x) => x.model_id === m.id && x.enabled)
  if (!a) return send(res, 404, { error: { message: `model ${body.model} not found`, type: 'invalid_request_error' } })
  const p = find(db.providers, a.provider_id)
  const r = await upstream(p, a, body)
  const u = r.json?.usage ?? {}
  const log = { id: id(), trace_id: randomUUID(), created_at: now(), model: m.name, provider_id: p.id, provider_name: p.name, provider_model: a.provider_model, style: 'openai', stream: false, auth_key_id: who.key?.id ?? null, client_ip: '127.0.0.1', user_agent: req.headers['user-agent'] ?? null, attempt: 0, status: r.status === 200 ? 'success' : 'error', http_status: r.status, error: null, proxy_ms: 1, first_token_ms: r.ms, total_ms: r.ms, prompt_tokens: u.prompt_tokens ?? null, completion_tokens: u.completion_tokens ?? null, total_tokens: u.total_tokens ?? null, cached_tokens: 0, reasoning_tokens: 0, usage_source: 'upstream', tokens_per_second: null, response_bytes: JSON.stringify(r.json).length, cost: (u.total_tokens ?? 0) * 1e-6, has_body: m.io_log }
  db.logs.push(log)
  if (m.io_log) db.bodies.set(log.id, { request_body: JSON.stringify(body), response_body: JSON.stringify(r.json), response_events: null })
  if (who.key) Object.assign(who.key, { usage_count: who.key.usage_count + 1, last_used_at: now() })
  send(res, r.status, r.json)
}

function mockUpstream(req, res, path, body) {
  if (req.headers.authorization !== `Bearer ${MOCK_KEY}`) return send(res, 401, { error: { message: 'bad upstream key' } })
  if (path === '/mock/v1/models') return send(res, 200, { object: 'list', data: [{ id: 'gpt-4o-mini', owned_by: 'mock' }, { id: 'gpt-4o', owned_by: 'mock' }] })
  send(res, 200, { id: 'chatcmpl-mock', object: 'chat.completion', model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the mock upstream!' }, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 } })
}

function send(res, status, body) {
  if (body === undefined) return res.writeHead(204).end()
  if (body?.__text !== undefined) return res.writeHead(status, { 'Content-Type': 'text/yaml' }).end(body.__text)
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
}

const types = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.svg': 'image/svg+xml', '.png': 'image/png' }
createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x')
  const chunks = []
  for await (const c of req) chunks.push(c)
  const raw = Buffer.concat(chunks).toString()
  let body = {}
  try { body = raw && req.headers['content-type']?.includes('json') ? JSON.parse(raw) : raw } catch { return send(res, 400, { error: { message: 'bad json' } }) }
  try {
    if (url.pathname.startsWith('/mock/')) return mockUpstream(req, res, url.pathname, body)
    if (url.pathname === '/v1/chat/completions') return await proxyChat(req, res, body)
    if (url.pathname.startsWith('/api/')) {
      const who = url.pathname === '/api/version' ? { admin: true } : caller(req)
      if (!who) return send(res, 401, { error: { message: 'missing or invalid token', type: 'unauthorized' } })
      if (url.pathname === '/api/key/summary') {
        if (!who.key) return send(res, 403, { error: { message: 'API keys only', type: 'forbidden' } })
        const ls = db.logs.filter((l) => l.auth_key_id === who.key.id)
        return send(res, 200, { key: pubKey(who.key), total: totals(ls), today: totals(ls), series: series(ls, '7d'), models: byModel(ls) })
      }
      if (!who.admin) return send(res, 403, { error: { message: 'admin token required', type: 'forbidden' } })
      for (const [method, re, fn] of routes) {
        const m = url.pathname.match(re)
        if (m && (typeof method === 'string' ? method === req.method : method.test(req.method))) return send(res, req.method === 'POST' && !/test|cleanup|import/.test(url.pathname) ? 201 : 200, await fn(url.searchParams, body, m.slice(1)))
      }
      return send(res, 404, { error: { message: `no route ${req.method} ${url.pathname}`, type: 'not_found' } })
    }
    const file = join(DIST, url.pathname)
    const f = existsSync(file) && extname(file) ? file : join(DIST, 'index.html')
    res.writeHead(200, { 'Content-Type': types[extname(f)] ?? 'application/octet-stream' }).end(readFileSync(f))
  } catch (e) {
    send(res, e.status ?? 500, { error: { message: e.message, type: 'error' } })
  }
}).listen(PORT, '127.0.0.1', () => console.log(`fake llmio on http://127.0.0.1:${PORT} (token ${TOKEN ? 'set' : 'off'})`))
