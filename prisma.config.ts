import { defineConfig } from 'prisma/config'

// The CLI reads DATABASE_URL only for commands that talk to a database (migrate deploy, studio);
// `prisma generate` needs none, so a fresh clone can generate the client during `npm install`.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
    seed: 'tsx prisma/seed.ts',
  },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/durable_crm',
  },
})
