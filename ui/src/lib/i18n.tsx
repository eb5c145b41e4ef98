import * as React from 'react'
import { zh } from './i18n-zh'

export type Lang = 'en' | 'zh'
const KEY = 'llmio.lang'

type Ctx = { lang: Lang; setLang: (l: Lang) => void; t: (s: string, vars?: Record<string, string | number>) => string }

function translate(lang: Lang, s: string, vars?: Record<string, string | number>) {
  let out = lang === 'zh' ? (zh[s] ?? s) : s
  if (vars) for (const [k, v] of Object.entries(vars)) out = out.replaceAll(`{${k}}`, String(v))
  return out
}

const I18nContext = React.createContext<Ctx>({ lang: 'en', setLang: () => {}, t: (s, v) => translate('en', s, v) })

function initialLang(): Lang {
  const saved = localStorage.getItem(KEY)
  return saved === 'zh' || saved === 'en' ? saved : 'en'
}

/** English text is the key; `i18n-zh.ts` maps it to Chinese. */
export function I18nProvider({ children }: { children: React.ReactNode }) {
  const [lang, setLangState] = React.useState<Lang>(initialLang)
  React.useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'
  }, [lang])
  const value = React.useMemo<Ctx>(
    () => ({
      lang,
      setLang: (l) => {
        localStorage.setItem(KEY, l)
        setLangState(l)
      },
      t: (s, v) => translate(lang, s, v),
    }),
    [lang],
  )
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export const useI18n = () => React.useContext(I18nContext)
export const useT = () => React.useContext(I18nContext).t
