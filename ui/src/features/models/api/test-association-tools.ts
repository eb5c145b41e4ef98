import { useMutation } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { ToolTestResult } from '../types'

export const testAssociationTools = (id: number) => api<ToolTestResult>(`/api/model-providers/${id}/test-tools`, { method: 'POST' })
export const useTestAssociationTools = () => useMutation({ mutationFn: testAssociationTools })
