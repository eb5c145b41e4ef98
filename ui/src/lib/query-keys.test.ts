import { upstreamModelsQueryOptions as suggestions } from '@/features/models/api/get-upstream-models'
import { upstreamModelsQueryOptions as providerList } from '@/features/providers/api/get-upstream-models'
import { queryKeys } from './query-keys'

describe('query keys', () => {
  it('gives the two upstream-model queries (different options) different keys', () => {
    expect(suggestions(7).queryKey).not.toEqual(providerList(7).queryKey)
    expect(suggestions(7).retry).toBe(false)
    expect(providerList(7).retry).toBeUndefined()
  })

  it('keeps every query under the family its mutations invalidate', () => {
    const startsWith = (key: readonly unknown[], prefix: readonly unknown[]) => prefix.every((p, i) => key[i] === p)
    expect(startsWith(suggestions(7).queryKey, queryKeys.providers.all)).toBe(true)
    expect(startsWith(providerList(7).queryKey, queryKeys.providers.all)).toBe(true)
    for (const k of [queryKeys.models.names(), queryKeys.models.served(), queryKeys.models.detail(1), queryKeys.models.associations(1)]) {
      expect(startsWith(k, queryKeys.models.all)).toBe(true)
    }
  })
})
