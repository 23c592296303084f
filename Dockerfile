# One image for web, worker and the migrate job; docker-compose.yml picks the command.
FROM node:20-bookworm-slim AS base
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false
# Prisma's CLI detects the OpenSSL version to pick its schema engine during `prisma generate`.
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app

FROM base AS build
ENV CI=true
# The postinstall hook generates the Prisma client, so the schema and the hook's script come first.
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma/schema.prisma ./prisma/schema.prisma
RUN npm ci
COPY . .
RUN npx prisma generate && npm run build && npx tsx scripts/bundle-workflows.ts build/workflow-bundle.js

FROM base AS runtime
ENV NODE_ENV=production
# tsx runs the TypeScript entry points directly (the same files as in development), so the sources and
# their node_modules ship as they are; only the Remix client/server bundle and the workflow bundle are prebuilt.
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "api/server.ts"]
