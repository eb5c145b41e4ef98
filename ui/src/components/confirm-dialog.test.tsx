import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { vi } from 'vitest'
import { ConfirmDialog } from './confirm-dialog'
import { I18nProvider } from '@/lib/i18n'

describe('ConfirmDialog', () => {
  it('is an alert dialog: Cancel closes it, the action is confirmed without closing it', async () => {
    const onOpenChange = vi.fn()
    const onConfirm = vi.fn()
    render(
      <I18nProvider>
        <ConfirmDialog open onOpenChange={onOpenChange} title="Delete provider a?" onConfirm={onConfirm} />
      </I18nProvider>,
    )
    const user = userEvent.setup()
    expect(await screen.findByRole('alertdialog', { name: 'Delete provider a?' })).toBeInTheDocument()
    await waitFor(() => expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus())
    await user.click(screen.getByRole('button', { name: 'Delete' }))
    expect(onConfirm).toHaveBeenCalledTimes(1)
    expect(onOpenChange).not.toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(onOpenChange).toHaveBeenCalledWith(false)
  })
})
