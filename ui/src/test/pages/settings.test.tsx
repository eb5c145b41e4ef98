import { afterEach, describe, expect, it, vi } from 'vitest'
import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { setToken } from '@/lib/auth'
import { mockApi, page, renderApp, version } from '../utils'

describe('settings page', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('shows the command that imports an original llmio (Go) database, and copies it', async () => {
    setToken('t')
    mockApi({
      'GET /api/version': version(),
      'GET /api/settings': { items: { log_retention_days: '30' } },
      'GET /api/prices': page([]),
    })
    const writeText = vi.fn(async () => {})
    renderApp('/settings')
    const user = userEvent.setup()
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    expect(await screen.findByText('Coming from llmio (Go)')).toBeInTheDocument()
    const command = screen.getByTestId('legacy-import-command')
    expect(command).toHaveTextContent("./llmio import-legacy --from 'postgres://user:pass@host:5432/llmio?sslmode=disable' --dry-run")
    expect(screen.getByText(/--logs brings the request history too/)).toBeInTheDocument()
    const copyButtons = screen.getAllByRole('button', { name: 'Copy' })
    await user.click(copyButtons[copyButtons.length - 1])
    expect(writeText).toHaveBeenCalledWith(command.textContent)
  })
})
