import { createContext, useContext, type ReactNode } from 'react'

// The CSP nonce of this response, rendered into Remix's script tags. Browsers hide nonce values from the
// DOM, so the client sees an empty string, which is fine: scripts already ran.
const NonceContext = createContext('')

export function NonceProvider({ nonce, children }: { nonce: string; children: ReactNode }) {
  return <NonceContext.Provider value={nonce}>{children}</NonceContext.Provider>
}

export function useNonce(): string {
  return useContext(NonceContext)
}
