import { useMutation } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { TestResult } from '../types'

export const testAssociation = (id: number) => api<TestResult>(`/api/model-providers/${id}/test`, { method: 'POST' })
export const useTestAssociation = () => useMutation({ mutationFn: testAssociation })
