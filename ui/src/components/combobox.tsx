import * as React from 'react'
import { Input } from '@/components/ui/input'
import { Popover, PopoverAnchor, PopoverContent } from '@/components/ui/popover'
import { cn } from '@/lib/utils'

/** Text input with a filtered suggestion list; free text is allowed. */
export function Combobox({ value, onChange, options, placeholder, id, loading }: {
  value: string
  onChange: (v: string) => void
  options: string[]
  placeholder?: string
  id?: string
  loading?: boolean
}) {
  const [open, setOpen] = React.useState(false)
  const filtered = React.useMemo(() => {
    const q = value.toLowerCase()
    return options.filter((o) => o.toLowerCase().includes(q)).slice(0, 50)
  }, [options, value])
  return (
    <Popover open={open && (filtered.length > 0 || !!loading)} onOpenChange={setOpen}>
      <PopoverAnchor asChild>
        <Input
          id={id}
          role="combobox"
          aria-expanded={open}
          autoComplete="off"
          value={value}
          placeholder={placeholder}
          onFocus={() => setOpen(true)}
          onChange={(e) => {
            onChange(e.target.value)
            setOpen(true)
          }}
          onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
        />
      </PopoverAnchor>
      <PopoverContent className="max-h-64 w-(--radix-popover-trigger-width) overflow-y-auto p-1" align="start" onOpenAutoFocus={(e) => e.preventDefault()}>
        {loading && <div className="text-muted-foreground px-2 py-1.5 text-sm">…</div>}
        {filtered.map((o) => (
          <button
            type="button"
            key={o}
            role="option"
            aria-selected={o === value}
            className={cn('hover:bg-accent w-full rounded-sm px-2 py-1.5 text-left text-sm', o === value && 'bg-accent')}
            onClick={() => {
              onChange(o)
              setOpen(false)
            }}
          >
            {o}
          </button>
        ))}
      </PopoverContent>
    </Popover>
  )
}
