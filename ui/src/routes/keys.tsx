import { KeysPage } from '@/features/keys/components/keys-page'

export default function Route() {
  return <KeysPage />
}
