import * as React from 'react'
import { X } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { NativeSelect, NativeSelectOption } from '@/components/ui/native-select'
import { fromLocalInput, toLocalInput } from '@/lib/format'
import { useT } from '@/lib/i18n'
import { useFilterOptions } from '../api/get-filter-options'
import { FILTER_KEYS, STYLES } from '../types'

type Values = Record<(typeof FILTER_KEYS)[number], string>

export function LogsFilters({ values, onChange }: { values: Values; onChange: (patch: Partial<Values>) => void }) {
  const t = useT()
  const opts = useFilterOptions()
  const [model, setModel] = React.useState(values.model)
  React.useEffect(() => setModel(values.model), [values.model])
  const any = FILTER_KEYS.some((k) => values[k])
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Input
        className="w-40"
        aria-label={t('Model')}
        placeholder={t('Model')}
        value={model}
        onChange={(e) => setModel(e.target.value)}
        onBlur={() => model !== values.model && onChange({ model })}
        onKeyDown={(e) => e.key === 'Enter' && onChange({ model })}
      />
      <NativeSelect aria-label={t('Provider')} value={values.provider_id} onChange={(e) => onChange({ provider_id: e.target.value })}>
        <NativeSelectOption value="">{t('All providers')}</NativeSelectOption>
        {(opts.data?.providers ?? []).map((p) => <NativeSelectOption key={p.id} value={p.id}>{p.name}</NativeSelectOption>)}
      </NativeSelect>
      <NativeSelect aria-label={t('Status')} value={values.status} onChange={(e) => onChange({ status: e.target.value })}>
        <NativeSelectOption value="">{t('All statuses')}</NativeSelectOption>
        {['success', 'error', 'running'].map((s) => <NativeSelectOption key={s} value={s}>{t(s)}</NativeSelectOption>)}
      </NativeSelect>
      <NativeSelect aria-label={t('Style')} value={values.style} onChange={(e) => onChange({ style: e.target.value })}>
        <NativeSelectOption value="">{t('All styles')}</NativeSelectOption>
        {STYLES.map((s) => <NativeSelectOption key={s} value={s}>{s}</NativeSelectOption>)}
      </NativeSelect>
      <NativeSelect aria-label={t('API key')} value={values.auth_key_id} onChange={(e) => onChange({ auth_key_id: e.target.value })}>
        <NativeSelectOption value="">{t('All keys')}</NativeSelectOption>
        {(opts.data?.keys ?? []).map((k) => <NativeSelectOption key={k.id} value={k.id}>{k.name}</NativeSelectOption>)}
      </NativeSelect>
      <Input className="w-52" type="datetime-local" aria-label={t('From')} title={t('From')} value={toLocalInput(values.from)} onChange={(e) => onChange({ from: fromLocalInput(e.target.value) ?? '' })} />
      <Input className="w-52" type="datetime-local" aria-label={t('To')} title={t('To')} value={toLocalInput(values.to)} onChange={(e) => onChange({ to: fromLocalInput(e.target.value) ?? '' })} />
      {any && (
        <Button variant="ghost" size="sm" onClick={() => onChange(Object.fromEntries(FILTER_KEYS.map((k) => [k, ''])) as Values)}>
          <X /> {t('Reset')}
        </Button>
      )}
    </div>
  )
}
