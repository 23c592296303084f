/** The cookie the browser's time zone is kept in, so "today" is the person's own day from the first render on. */
export const zoneCookie = 'crm_tz'
