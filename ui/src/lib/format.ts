export const fmtInt = (n: number | null | undefined) => (n == null ? '—' : Math.round(n).toLocaleString())

export function fmtCompact(n: number | null | undefined) {
  if (n == null) return '—'
  return Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(n)
}

export const fmtPct = (r: number | null | undefined) => (r == null ? '—' : `${(r * 100).toFixed(1)}%`)

export function fmtCost(c: number | null | undefined) {
  if (c == null) return '—'
  if (c === 0) return '$0'
  if (c < 0.0001) return `$${c.toPrecision(2)}`
  return `$${c < 1 ? c.toFixed(4) : c.toFixed(2)}`
}

export function fmtMs(ms: number | null | undefined) {
  if (ms == null) return '—'
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`
}

export function fmtTime(iso: string | null | undefined) {
  if (!iso) return '—'
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString()
}

/** datetime-local value <-> ISO UTC */
export function toLocalInput(iso: string | null | undefined) {
  if (!iso) return ''
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}
export const fromLocalInput = (v: string) => (v ? new Date(v).toISOString() : null)
