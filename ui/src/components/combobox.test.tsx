import * as React from 'react'
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { vi } from 'vitest'
import { Combobox } from './combobox'

function Harness({ onSubmit }: { onSubmit: (v: string) => void }) {
  const [value, setValue] = React.useState('')
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        onSubmit(value)
      }}
    >
      <label htmlFor="m">Model</label>
      <Combobox id="m" value={value} onChange={setValue} options={['alpha', 'beta', 'gamma']} />
    </form>
  )
}

const selected = () => screen.getAllByRole('option').filter((o) => o.getAttribute('aria-selected') === 'true').map((o) => o.textContent)

describe('Combobox keyboard navigation', () => {
  it('moves with the arrow keys, picks with Enter and closes with Escape', async () => {
    const submit = vi.fn()
    render(<Harness onSubmit={submit} />)
    const user = userEvent.setup()
    const input = screen.getByLabelText('Model')
    await user.click(input)
    expect(await screen.findAllByRole('option')).toHaveLength(3)

    await user.keyboard('{ArrowDown}')
    await waitFor(() => expect(selected()).toEqual(['alpha']))
    expect(input).toHaveAttribute('aria-activedescendant', screen.getByRole('option', { name: 'alpha' }).id)
    await user.keyboard('{ArrowDown}')
    await waitFor(() => expect(selected()).toEqual(['beta']))
    await user.keyboard('{ArrowUp}{ArrowUp}') // wraps around to the last
    await waitFor(() => expect(selected()).toEqual(['gamma']))
    await user.keyboard('{Enter}')
    expect(input).toHaveValue('gamma')
    await waitFor(() => expect(screen.queryByRole('option')).not.toBeInTheDocument())
    expect(submit).not.toHaveBeenCalled()

    await user.keyboard('{ArrowDown}') // reopens the list
    expect(await screen.findAllByRole('option')).toHaveLength(1)
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('option')).not.toBeInTheDocument())
  })

  it('keeps typed text on Enter until an arrow key is pressed', async () => {
    const submit = vi.fn()
    render(<Harness onSubmit={submit} />)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Model'), 'a')
    expect(await screen.findAllByRole('option')).toHaveLength(3)
    await user.keyboard('{Enter}')
    expect(submit).toHaveBeenCalledWith('a')
    expect(screen.getByLabelText('Model')).toHaveValue('a')
  })
})
