import { describe, expect, it } from 'vitest'
import { styleLabel } from './types'

describe('styleLabel', () => {
  it('shows the translation when the upstream protocol differs', () => {
    expect(styleLabel({ style: 'anthropic', upstream_style: 'openai' })).toBe('anthropic → openai')
  })
  it('shows the style alone for passthrough and for rows older than the column', () => {
    expect(styleLabel({ style: 'openai', upstream_style: 'openai' })).toBe('openai')
    expect(styleLabel({ style: 'gemini', upstream_style: '' })).toBe('gemini')
  })
})
