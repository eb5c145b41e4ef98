import { afterEach, describe, expect, it, vi } from 'vitest'
import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { setToken } from '@/lib/auth'
import { mockApi, page, renderApp, version } from '../utils'

describe('language and theme switches', () => {
  afterEach(() => vi.unstubAllGlobals())

  const routes = {
    'GET /api/version': version(),
    'GET /api/models': page([]),
  }

  it('switches to Chinese, persists the choice, and back', async () => {
    setToken('t')
    mockApi(routes)
    const { unmount } = renderApp('/models')
    const user = userEvent.setup()
    expect(await screen.findByRole('heading', { name: 'Models' })).toBeInTheDocument()
    await user.click(screen.getByTestId('lang-toggle'))
    expect(await screen.findByRole('heading', { name: '模型' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: /新建模型/ })).toBeInTheDocument()
    expect(localStorage.getItem('llmio.lang')).toBe('zh')
    expect(document.documentElement.lang).toBe('zh-CN')
    unmount()

    renderApp('/models')
    expect(await screen.findByRole('heading', { name: '模型' })).toBeInTheDocument()
    await user.click(screen.getByTestId('lang-toggle'))
    expect(await screen.findByRole('heading', { name: 'Models' })).toBeInTheDocument()
    expect(localStorage.getItem('llmio.lang')).toBe('en')
  })

  it('toggles the dark theme and persists it', async () => {
    setToken('t')
    mockApi(routes)
    renderApp('/models')
    await screen.findByRole('heading', { name: 'Models' })
    await userEvent.setup().click(screen.getByTestId('theme-toggle'))
    expect(document.documentElement.classList.contains('dark')).toBe(true)
    expect(localStorage.getItem('llmio.theme')).toBe('dark')
  })
})
