// Requests a browser's page makes, sent by fetch to the web process: a signed-in GET and a form POST from the page's
// own origin (the same-origin check of cookie requests wants to see it), without following redirects.

export interface PagePerson {
  cookie: string
  headers: Record<string, string>
}

export function pageRequests(baseUrl: () => string) {
  return {
    async get(path: string, person?: PagePerson) {
      const response = await fetch(`${baseUrl()}${path}`, { headers: person?.headers ?? {}, redirect: 'manual' })
      return { status: response.status, body: await response.text() }
    },
    post(path: string, person: PagePerson, fields: Record<string, string>) {
      return fetch(`${baseUrl()}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl(), cookie: person.cookie },
        body: new URLSearchParams(fields).toString(),
      })
    },
  }
}

/** A page's visible text: scripts, comments and tags dropped, entities a test compares with unescaped. */
export function textOf(page: string): string {
  return page
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<!--.*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}
