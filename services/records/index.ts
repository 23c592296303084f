import { companies } from './companies'
import { contacts } from './contacts'
import { leads } from './leads'
import { opportunities } from './opportunities'
import { partnerships } from './partnerships'
import { users } from './users'
import { voiceSessions } from './voice-sessions'

/** Every record resource of the §14.2 matrix, in the matrix's order. */
export const resourceDefinitions = [leads, companies, contacts, opportunities, partnerships, voiceSessions, users]
