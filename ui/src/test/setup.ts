import '@testing-library/jest-dom/vitest'
import { afterEach } from 'vitest'
import { cleanup, configure } from '@testing-library/react'

// 2 shared cores: give async queries room (they return as soon as the element shows up)
configure({ asyncUtilTimeout: 8000 })

afterEach(() => {
  cleanup()
  localStorage.clear()
})

// jsdom lacks these; Radix and recharts need them
class RO { observe() {} unobserve() {} disconnect() {} }
;(globalThis as any).ResizeObserver ??= RO
if (!window.matchMedia) {
  window.matchMedia = (q: string) => ({ matches: false, media: q, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false }) as any
}
Element.prototype.scrollIntoView ??= function () {}
Element.prototype.hasPointerCapture ??= function () { return false }
Element.prototype.releasePointerCapture ??= function () {}
