import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'

export default defineConfig({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
      },
    }),
  ],
  build: {
    rollupOptions: {
      onwarn(warning, warn) {
        // Routes import `data` and `redirect` from @remix-run/node for their loaders. Remix strips loaders (and
        // with them those imports) from the browser bundle, but Vite resolves the imports first and warns about
        // Node built-ins that never ship: ~230 lines that would hide what `npm start` prints.
        if (warning.plugin === 'vite:resolve' && warning.message.includes('externalized for browser compatibility')) {
          return
        }
        // Resource and redirect-only routes (the PDF report, sign-out, /) have no browser code by design.
        if (warning.code === 'EMPTY_BUNDLE') return
        warn(warning)
      },
    },
  },
})
