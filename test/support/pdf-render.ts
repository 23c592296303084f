import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { saveScreenshot } from './browser'

const pdfjsDir = fileURLToPath(new URL('../../node_modules/pdfjs-dist/', import.meta.url))

export interface ParsedPdf {
  pageCount: number
  /** Each page's text, items joined by single spaces and runs of white space collapsed. */
  pages: string[]
  info: Record<string, unknown>
  /** Each page's link targets, in drawing order. */
  links: string[][]
  /** Each page's text pieces with their baseline, in PDF points from the page's top. */
  items: { text: string; x: number; top: number }[][]
}

/** Reads a PDF the way a viewer does (Mozilla's pdf.js, in Node). */
export async function parsePdf(bytes: Uint8Array): Promise<ParsedPdf> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const document = await getDocument({
    // pdf.js takes ownership of the array it is given; the caller keeps theirs.
    data: new Uint8Array(bytes),
    standardFontDataUrl: path.join(pdfjsDir, 'standard_fonts/'),
    verbosity: 0,
  }).promise
  try {
    const pages: string[] = []
    const links: string[][] = []
    const items: ParsedPdf['items'] = []
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number)
      const content = await page.getTextContent()
      const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ')
      const pageHeight = page.getViewport({ scale: 1 }).height
      items.push(
        content.items.flatMap((item) =>
          'str' in item && item.str.trim() !== ''
            ? [{ text: item.str, x: item.transform[4] as number, top: pageHeight - (item.transform[5] as number) }]
            : [],
        ),
      )
      pages.push(text.replace(/\s+/g, ' ').trim())
      const annotations = (await page.getAnnotations()) as { subtype: string; url?: string }[]
      links.push(
        annotations
          .filter((annotation) => annotation.subtype === 'Link' && annotation.url)
          .map((annotation) => annotation.url!),
      )
    }
    const { info } = await document.getMetadata()
    return { pageCount: document.numPages, pages, info: info as Record<string, unknown>, links, items }
  } finally {
    await document.destroy()
  }
}

export interface RenderedPage {
  width: number
  height: number
  /** Share of pixels that are not (near) white. */
  inkedShare: number
  /** Distinct colours, quantised to 32 levels per channel. */
  distinctColours: number
  /** The RGB colour at each probe point. */
  colours: Record<string, [number, number, number]>
}

const viewerPage = `<!doctype html>
<html><head><meta charset="utf-8"><style>html,body{margin:0;background:#fff}canvas{display:block}</style></head>
<body><canvas id="page"></canvas>
<script type="module">
  import * as pdfjs from '/pdfjs/build/pdf.mjs'
  pdfjs.GlobalWorkerOptions.workerSrc = '/pdfjs/build/pdf.worker.mjs'
  const params = new URLSearchParams(location.search)
  try {
    const document = await pdfjs.getDocument({
      url: '/document.pdf',
      standardFontDataUrl: '/pdfjs/standard_fonts/',
      useSystemFonts: false,
    }).promise
    const page = await document.getPage(Number(params.get('page')))
    const scale = Number(params.get('scale'))
    const viewport = page.getViewport({ scale })
    const canvas = window.document.getElementById('page')
    canvas.width = Math.floor(viewport.width)
    canvas.height = Math.floor(viewport.height)
    await page.render({ canvas, viewport }).promise
    window.rendered = { width: canvas.width, height: canvas.height }
  } catch (error) {
    window.rendered = { error: String(error && error.stack || error) }
  }
</script></body></html>`

const contentTypes: Record<string, string> = {
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.map': 'application/json',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
}

/** A loopback server for the viewer page, pdf.js from node_modules, and the PDF under test. */
async function startViewerServer(pdf: Uint8Array): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://viewer.invalid')
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(viewerPage)
      return
    }
    if (url.pathname === '/document.pdf') {
      response.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length }).end(pdf)
      return
    }
    const file = path.normalize(path.join(pdfjsDir, url.pathname.replace(/^\/pdfjs\//, '')))
    if (!url.pathname.startsWith('/pdfjs/') || !file.startsWith(pdfjsDir)) {
      response.writeHead(404).end()
      return
    }
    readFile(file).then(
      (body) =>
        response
          .writeHead(200, { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream' })
          .end(body),
      () => response.writeHead(404).end(),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
    server.listen(0, '127.0.0.1')
  })
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * Renders one page of a PDF with pdf.js inside real Chromium, saves the screenshot as test/.artifacts/<name>.png
 * and returns pixel statistics of what was drawn; `probes` are points in PDF points from the page's top left.
 */
export async function renderPdfPageInChromium(
  browser: Browser,
  pdf: Uint8Array,
  {
    page: pageNumber,
    name,
    scale = 1.5,
    probes = {},
  }: { page: number; name: string; scale?: number; probes?: Record<string, [x: number, y: number]> },
): Promise<RenderedPage> {
  const viewer = await startViewerServer(pdf)
  const context = await browser.newContext({ viewport: { width: 1000, height: 1200 } })
  try {
    const tab = await context.newPage()
    const pageErrors: string[] = []
    tab.on('pageerror', (error) => pageErrors.push(error.message))
    await tab.goto(`${viewer.baseUrl}/?page=${pageNumber}&scale=${scale}`)
    // pdf.js in a headless Chromium: on a loaded 2-core machine rendering a page can take far longer than usual.
    await tab.waitForFunction(() => (window as unknown as { rendered?: unknown }).rendered !== undefined, undefined, {
      timeout: 90_000,
    })
    const rendered = await tab.evaluate(
      () => (window as unknown as { rendered: { width: number; height: number; error?: string } }).rendered,
    )
    if (rendered.error) throw new Error(`pdf.js could not render page ${pageNumber}: ${rendered.error}`)
    if (pageErrors.length > 0) throw new Error(`The viewer page failed: ${pageErrors.join('; ')}`)
    await tab.setViewportSize({ width: rendered.width, height: rendered.height })
    await saveScreenshot(tab, name)
    return await tab.evaluate(
      ({ probes, scale }) => {
        const canvas = document.getElementById('page') as HTMLCanvasElement
        const { width, height } = canvas
        const data = canvas.getContext('2d')!.getImageData(0, 0, width, height).data
        let inked = 0
        const colours = new Set<number>()
        for (let index = 0; index < data.length; index += 4) {
          const [red, green, blue] = [data[index]!, data[index + 1]!, data[index + 2]!]
          if (red < 245 || green < 245 || blue < 245) inked += 1
          colours.add(((red >> 3) << 10) | ((green >> 3) << 5) | (blue >> 3))
        }
        const sampled: Record<string, [number, number, number]> = {}
        for (const [probe, [x, y]] of Object.entries(probes)) {
          const offset = (Math.round(y * scale) * width + Math.round(x * scale)) * 4
          sampled[probe] = [data[offset]!, data[offset + 1]!, data[offset + 2]!]
        }
        return { width, height, inkedShare: inked / (width * height), distinctColours: colours.size, colours: sampled }
      },
      { probes, scale },
    )
  } finally {
    await context.close()
    await viewer.close()
  }
}
