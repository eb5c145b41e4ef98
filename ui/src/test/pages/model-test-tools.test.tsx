import { afterEach, describe, expect, it, vi } from 'vitest'
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { setToken } from '@/lib/auth'
import { mockApi, renderApp, version } from '../utils'

const model = {
  id: 7, name: 'gpt', remark: '', strategy: 'lottery', max_retry: 3, timeout_seconds: 60, io_log: false, breaker: true,
  enabled: true, association_count: 2, created_at: '', updated_at: '',
}
const assoc = (id: number, provider: string) => ({
  id, model_id: 7, provider_id: id, provider_name: provider, provider_type: 'openai', provider_model: 'gpt-4o', weight: 1,
  tool_call: true, structured_output: true, image: true, with_header: false, headers: {}, extra_body: {}, enabled: true,
  created_at: '', updated_at: '',
})

describe('association "Test tools"', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('runs the tool-calling check and shows the calls, or why it failed', async () => {
    setToken('t')
    const { calls } = mockApi({
      'GET /api/version': version(),
      'GET /api/models/7': model,
      'GET /api/models/7/providers': { items: [assoc(1, 'good'), assoc(2, 'texty')] },
      // wrapped in { body }: the result has a `status` field of its own
      'POST /api/model-providers/1/test-tools': { body: {
        ok: true, status: 200, latency_ms: 812, reply: '', error: null,
        tool_calls: [{ name: 'get_weather', arguments: '{"location":"Paris"}' }, { name: 'get_weather', arguments: '{"location":"London"}' }],
      } },
      'POST /api/model-providers/2/test-tools': { body: {
        ok: false, status: 200, latency_ms: 420, reply: 'It is sunny in Paris.', tool_calls: [],
        error: 'the upstream answered without a tool call: tool calling does not work through this association',
      } },
    })
    renderApp('/models/7')
    const user = userEvent.setup()
    const buttons = await screen.findAllByRole('button', { name: 'Test tools' })
    expect(buttons).toHaveLength(2)

    await user.click(buttons[0])
    const good = await screen.findByTestId('test-tools-result-1')
    expect(good).toHaveAttribute('data-ok', 'true')
    expect(good).toHaveTextContent('OK')
    await user.click(good)
    const list = await screen.findByTestId('test-tools-calls-1')
    const items = within(list).getAllByRole('listitem')
    expect(items.map((li) => li.textContent)).toEqual(['get_weather({"location":"Paris"})', 'get_weather({"location":"London"})'])
    await user.keyboard('{Escape}')

    await user.click(buttons[1])
    const bad = await screen.findByTestId('test-tools-result-2')
    expect(bad).toHaveAttribute('data-ok', 'false')
    expect(bad).toHaveTextContent('Failed')
    expect(screen.getAllByText(/without a tool call/).length).toBeGreaterThan(0)

    const posted = calls.filter((c) => c.method === 'POST').map((c) => c.path)
    expect(posted).toEqual(['/api/model-providers/1/test-tools', '/api/model-providers/2/test-tools'])
    expect(calls.filter((c) => c.method === 'POST').every((c) => [...c.query.keys()].length === 0)).toBe(true)
  })
})
