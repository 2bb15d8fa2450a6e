#!/usr/bin/env node
// A stand-in for wrangler 4.86, for tests of the publish path (Cloudflare is out of reach there).
// It emulates the commands Kiosque runs (deploy, versions upload/deploy/view, kv …), with wrangler's flags and output formats, against a JSON
// file that plays the account: KV namespaces by id, worker versions and deployments. It logs
// every call's argv and exit code to that file, and the keys each bulk put or delete applied.
//
//   STAND_IN_STATE         path of the state file (required); see tests/support/wrangler-stand-in.workspace.ts
//   STAND_IN_FAIL_COMMAND  a command to fail, e.g. "versions list" (default "kv bulk put")
//   STAND_IN_FAIL_AT       fail only its Nth call, counted over the state's log (default: every call)
//   STAND_IN_FAIL_MODE     "nothing" (default): fail before writing; "half": a bulk put or delete
//                          applies its first half, then fails, as an interrupted upload does
//
// Failing is off unless STAND_IN_FAIL_COMMAND or STAND_IN_FAIL_AT is set.

import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'

const PLACEHOLDER = 'REPLACE_WITH_YOUR_KV_NAMESPACE_ID'
const T0 = Date.UTC(2026, 4, 1)

const global = { config: { type: 'string', short: 'c' } }
const kvTarget = {
  binding: { type: 'string' },
  'namespace-id': { type: 'string' },
  preview: { type: 'boolean' },
  local: { type: 'boolean' },
  remote: { type: 'boolean' },
  'persist-to': { type: 'string' },
}

/** The commands emulated, with the flags `wrangler <command> --help` lists for each. */
const COMMANDS = {
  'kv bulk put': {
    positionals: ['filename'],
    options: { ...kvTarget, ttl: { type: 'string' }, expiration: { type: 'string' }, metadata: { type: 'string' } },
    run: bulkPut,
  },
  'kv bulk delete': {
    positionals: ['filename'],
    options: { ...kvTarget, force: { type: 'boolean', short: 'f' } },
    run: bulkDelete,
  },
  'kv key list': { positionals: [], options: { ...kvTarget, prefix: { type: 'string' } }, run: keyList },
  'kv key get': { positionals: ['key'], options: { ...kvTarget, text: { type: 'boolean' } }, run: keyGet },
  'versions list': { positionals: [], options: { name: { type: 'string' }, json: { type: 'boolean' } }, run: versionsList },
  'deployments status': {
    positionals: [],
    options: { name: { type: 'string' }, json: { type: 'boolean' } },
    run: deploymentsStatus,
  },
  deploy: {
    positionals: [],
    options: {
      name: { type: 'string' },
      assets: { type: 'string' },
      var: { type: 'string', multiple: true },
      message: { type: 'string' },
      tag: { type: 'string' },
      'dry-run': { type: 'boolean' },
      outdir: { type: 'string' },
      'keep-vars': { type: 'boolean' },
    },
    run: deploy,
  },
  'versions upload': {
    positionals: ['script'],
    options: {
      name: { type: 'string' },
      tag: { type: 'string' },
      message: { type: 'string' },
      'preview-alias': { type: 'string' },
      assets: { type: 'string' },
      var: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
      outdir: { type: 'string' },
    },
    run: versionsUpload,
  },
  'versions deploy': {
    positionals: ['version-specs'],
    variadic: true,
    options: {
      name: { type: 'string' },
      'version-id': { type: 'string', multiple: true },
      percentage: { type: 'string', multiple: true },
      message: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      'dry-run': { type: 'boolean' },
    },
    run: versionsDeploy,
  },
  'versions view': {
    positionals: ['version-id'],
    options: { name: { type: 'string' }, json: { type: 'boolean' } },
    run: versionsView,
  },
  rollback: {
    positionals: ['version-id'],
    options: { name: { type: 'string' }, message: { type: 'string', short: 'm' }, yes: { type: 'boolean', short: 'y' } },
    run: rollback,
  },
}

class WranglerError extends Error {}

const statePath = process.env.STAND_IN_STATE
if (!statePath) {
  console.error('wrangler stand-in: set STAND_IN_STATE to the path of its state file')
  process.exit(2)
}
const state = JSON.parse(readFileSync(statePath, 'utf8'))
const argv = process.argv.slice(2)
const call = { argv, exit: 0 }
state.calls.push(call)
try {
  const name = commandName(argv)
  if (!name) throw new WranglerError(`the stand-in does not emulate "wrangler ${argv.join(' ')}"`)
  const command = COMMANDS[name]
  const { values, positionals } = parseArgs({
    args: argv.slice(name.split(' ').length),
    options: { ...global, ...command.options },
    strict: true,
    allowPositionals: true,
  })
  if (!command.variadic && positionals.length > command.positionals.length) {
    throw new WranglerError(`Unknown arguments: ${positionals.slice(command.positionals.length).join(', ')}`)
  }
  const args = command.variadic
    ? { [command.positionals[0]]: positionals }
    : Object.fromEntries(command.positionals.map((p, i) => [p, positionals[i]]))
  command.run({ ...values, ...args }, failure(name))
} catch (error) {
  if (!(error instanceof WranglerError || error instanceof TypeError)) throw error
  console.error(`✘ [ERROR] ${error.message}`)
  call.exit = 1
}
writeFileSync(`${statePath}.tmp`, JSON.stringify(state, null, 1))
renameSync(`${statePath}.tmp`, statePath)
process.exitCode = call.exit // not process.exit(), which would cut a large stdout going to a pipe

/** How this call must fail, if it must: 'nothing' or 'half'. */
function failure(name) {
  const { STAND_IN_FAIL_COMMAND: command, STAND_IN_FAIL_AT: at, STAND_IN_FAIL_MODE: mode } = process.env
  if (command === undefined && at === undefined) return undefined
  if (name !== (command ?? 'kv bulk put')) return undefined
  const nth = state.calls.filter((c) => commandName(c.argv) === name).length
  if (at !== undefined && nth !== Number(at)) return undefined
  return mode === 'half' ? 'half' : 'nothing'
}

/** The emulated command an argv starts with (its longest match), if any. */
function commandName(args) {
  return Object.keys(COMMANDS)
    .filter((c) => c.split(' ').every((w, i) => args[i] === w))
    .sort((a, b) => b.length - a.length)[0]
}

function apiFailure(path) {
  return new WranglerError(
    `A request to the Cloudflare API (/accounts/stand-in/${path}) failed.\n  Service unavailable [code: 10013] (stand-in: STAND_IN_FAIL_*)`,
  )
}

/** The namespace a KV command addresses, as wrangler resolves it: remote only. */
function namespace(args) {
  if (args.local || !args.remote) {
    throw new WranglerError('the stand-in emulates remote KV only: pass --remote (wrangler 4 defaults to local)')
  }
  let id = args['namespace-id']
  if (args.binding !== undefined) {
    const config = readConfig(args.config)
    const table = config.kvNamespaces.find((t) => t.binding === args.binding)
    if (!table) throw new WranglerError(`No KV Namespace found with binding ${args.binding}.`)
    id = table.id
  }
  if (id === undefined) throw new WranglerError('Exactly one of the arguments binding and namespace-id is required')
  if (id === PLACEHOLDER || !(id in state.namespaces)) {
    throw new WranglerError(
      `A request to the Cloudflare API (/accounts/stand-in/storage/kv/namespaces/${id}/keys) failed.\n  namespace not found [code: 10013]`,
    )
  }
  return { id, kv: state.namespaces[id] }
}

/** The `[[kv_namespaces]]` tables and the name of a wrangler.toml (one `key = "value"` a line). */
function readConfig(path = 'wrangler.toml') {
  const file = resolve(path)
  if (!existsSync(file)) throw new WranglerError(`Could not find a wrangler configuration file at ${file}`)
  const kvNamespaces = []
  let table
  let name
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim()
    if (line.startsWith('[')) {
      table = line === '[[kv_namespaces]]' ? {} : undefined
      if (table) kvNamespaces.push(table)
      continue
    }
    const pair = /^([\w-]+)\s*=\s*"([^"]*)"/.exec(line)
    if (!pair) continue
    if (table) table[pair[1]] = pair[2]
    else if (pair[1] === 'name' && kvNamespaces.length === 0) name = pair[2]
  }
  return { name, kvNamespaces }
}

function readJson(filename) {
  try {
    return JSON.parse(readFileSync(filename, 'utf8'))
  } catch (error) {
    throw new WranglerError(`Failed to read/parse ${filename}: ${error.message}`)
  }
}

function bulkPut(args, fail) {
  const { id, kv } = namespace(args)
  const content = readJson(args.filename)
  if (!Array.isArray(content)) {
    throw new WranglerError(`Unexpected JSON input from "${args.filename}".\nExpected an array of key-value objects`)
  }
  for (const [i, item] of content.entries()) {
    if (typeof item?.key !== 'string' || typeof item?.value !== 'string') {
      throw new WranglerError(`Unexpected JSON input from "${args.filename}".\nThe item at index ${i} is ${JSON.stringify(item)}`)
    }
  }
  const applied = fail === 'half' ? content.slice(0, Math.floor(content.length / 2)) : fail ? [] : content
  for (const { key, value } of applied) kv[key] = value
  call.keys = applied.map((e) => e.key)
  if (fail) throw apiFailure(`storage/kv/namespaces/${id}/bulk`)
  console.log('Resource location: remote \n')
  console.log('Success!')
}

function bulkDelete(args, fail) {
  const { id, kv } = namespace(args)
  if (!args.force) {
    throw new WranglerError('the stand-in cannot answer the confirmation prompt: pass --force')
  }
  const content = readJson(args.filename)
  if (!Array.isArray(content)) {
    throw new WranglerError(`Unexpected JSON input from "${args.filename}".\nExpected an array of strings`)
  }
  const keys = content.map((item) => (typeof item === 'string' ? item : item?.name))
  if (keys.some((k) => typeof k !== 'string')) {
    throw new WranglerError(`Unexpected JSON input from "${args.filename}".\nExpected an array of strings or objects with a "name" key.`)
  }
  const applied = fail === 'half' ? keys.slice(0, Math.floor(keys.length / 2)) : fail ? [] : keys
  for (const key of applied) delete kv[key]
  call.keys = applied
  if (fail) throw apiFailure(`storage/kv/namespaces/${id}/bulk`)
  console.log('Resource location: remote \n')
  console.log('Success!')
}

function keyList(args, fail) {
  const { id, kv } = namespace(args)
  if (fail) throw apiFailure(`storage/kv/namespaces/${id}/keys`)
  const prefix = args.prefix ?? ''
  const names = Object.keys(kv)
    .filter((k) => k.startsWith(prefix))
    .sort()
  console.log(JSON.stringify(names.map((name) => ({ name })), undefined, 2))
}

function keyGet(args, fail) {
  const { id, kv } = namespace(args)
  if (fail) throw apiFailure(`storage/kv/namespaces/${id}/values/${args.key}`)
  if (!(args.key in kv)) {
    throw new WranglerError(
      `A request to the Cloudflare API (/accounts/stand-in/storage/kv/namespaces/${id}/values/${encodeURIComponent(args.key)}) failed.\n  key not found [code: 10009]`,
    )
  }
  process.stdout.write(kv[args.key])
}

function versionsList(args, fail) {
  if (!args.json) throw new WranglerError('the stand-in prints versions list --json only')
  if (fail) throw apiFailure('workers/scripts/kiosque/versions')
  // The API returns the 10 most recent deployable versions; wrangler sorts them oldest first.
  const versions = state.versions.slice(-10).map(({ vars: _vars, ...version }) => version)
  console.log(JSON.stringify(versions, undefined, 2))
}

function deploymentsStatus(args, fail) {
  if (!args.json) throw new WranglerError('the stand-in prints deployments status --json only')
  if (fail) throw apiFailure('workers/scripts/kiosque/deployments')
  const latest = state.deployments.at(-1)
  if (!latest) throw new WranglerError('The Worker kiosque has no deployments.')
  console.log(JSON.stringify(latest, undefined, 2))
}

/** What `deploy` and `versions upload` check before uploading: assets, vars, namespaces. */
function uploadInputs(args) {
  const config = readConfig(args.config)
  if (args.assets !== undefined && !(existsSync(args.assets) && statSync(args.assets).isDirectory())) {
    throw new WranglerError(`The directory specified by the "assets.directory" field does not exist: ${resolve(args.assets)}`)
  }
  const vars = {}
  for (const pair of args.var ?? []) {
    const at = pair.indexOf(':')
    if (at < 1) throw new WranglerError(`--var expects KEY:VALUE, not "${pair}"`)
    vars[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return { config, vars }
}

function checkNamespaces(config) {
  for (const table of config.kvNamespaces) {
    if (table.id === PLACEHOLDER || !(table.id in state.namespaces)) {
      throw new WranglerError(`KV namespace '${table.id}' is not valid. [code: 10041]`)
    }
  }
}

/** Adds a worker version to the account, as an upload does; returns its id. */
function addVersion(args, vars, hasPreview) {
  const number = state.versions.length + 1
  const id = `00000000-0000-4000-8000-${String(number).padStart(12, '0')}`
  const createdOn = new Date(T0 + number * 60_000).toISOString()
  state.versions.push({
    id,
    number,
    metadata: { author_email: 'author@example.org', author_id: 'stand-in', created_on: createdOn, modified_on: createdOn, source: 'wrangler', hasPreview },
    annotations: {
      'workers/triggered_by': hasPreview ? 'version_upload' : 'upload',
      ...(args.message !== undefined && { 'workers/message': args.message }),
      ...(args.tag !== undefined && { 'workers/tag': args.tag }),
    },
    vars,
  })
  return id
}

function versionsUpload(args, fail) {
  const { config, vars } = uploadInputs(args)
  const alias = args['preview-alias']
  if (alias !== undefined && !/^[a-z](?:[a-z0-9-]*[a-z0-9])?$/.test(alias)) {
    throw new WranglerError(`Preview alias "${alias}" is invalid. [code: 10021]`)
  }
  if (args['dry-run']) {
    console.log('--dry-run: exiting now.')
    return
  }
  checkNamespaces(config)
  if (fail) throw apiFailure('workers/scripts/kiosque/versions')
  const id = addVersion(args, vars, true)
  const worker = config.name ?? 'kiosque'
  console.log(`Uploaded ${worker} (0.01 sec)`)
  console.log(`Worker Version ID: ${id}`)
  console.log(`Version Preview URL: https://${id.slice(0, 8)}-${worker}.stand-in.workers.dev`)
  if (alias !== undefined) console.log(`Version Preview Alias URL: https://${alias}-${worker}.stand-in.workers.dev`)
}

function versionsDeploy(args, fail) {
  const specs = args['version-specs'] ?? []
  if (!args.yes) throw new WranglerError('the stand-in cannot answer the prompts: pass --yes')
  const traffic = specs.map((spec) => {
    const match = /^([0-9a-f-]{36})@(\d{1,3})%?$/.exec(spec)
    if (!match) throw new WranglerError(`Could not parse version spec "${spec}": use <version-id>@<percentage>`)
    return { version_id: match[1], percentage: Number(match[2]) }
  })
  if (traffic.length === 0) throw new WranglerError('You must select at least 1 version to deploy.')
  if (traffic.reduce((n, t) => n + t.percentage, 0) !== 100) throw new WranglerError('Sum of specified percentages must be 100')
  for (const { version_id } of traffic) {
    if (!state.versions.some((v) => v.id === version_id)) throw new WranglerError(`Version "${version_id}" not found`)
  }
  if (args['dry-run']) {
    console.log('--dry-run: exiting')
    return
  }
  if (fail) throw apiFailure('workers/scripts/kiosque/deployments')
  addDeployment(traffic[0].version_id, args.message, 'deployment', traffic)
  console.log(`SUCCESS  Deployed kiosque version ${traffic[0].version_id} at 100% (0.01 sec)`)
}

function versionsView(args, fail) {
  if (!args.json) throw new WranglerError('the stand-in prints versions view --json only')
  if (fail) throw apiFailure(`workers/scripts/kiosque/versions/${args['version-id']}`)
  const version = state.versions.find((v) => v.id === args['version-id'])
  if (!version) throw new WranglerError(`A request to the Cloudflare API (/accounts/stand-in/workers/scripts/kiosque/versions/${args['version-id']}) failed.\n  version not found [code: 10007]`)
  const { vars, ...shown } = version
  const bindings = Object.entries(vars).map(([name, text]) => ({ type: 'plain_text', name, text }))
  console.log(JSON.stringify({ ...shown, resources: { bindings } }, undefined, 2))
}

function deploy(args, fail) {
  const { config, vars } = uploadInputs(args)
  if (args['dry-run']) {
    console.log('--dry-run: exiting now.')
    return
  }
  checkNamespaces(config)
  if (fail) throw apiFailure('workers/scripts/kiosque/versions')
  const id = addVersion(args, vars, false)
  addDeployment(id, args.message)
  console.log(`Uploaded ${config.name ?? 'kiosque'} (0.01 sec)`)
  console.log(`Deployed ${config.name ?? 'kiosque'} triggers (0.01 sec)`)
  console.log(`Current Version ID: ${id}`)
}

function rollback(args, fail) {
  if (fail) throw apiFailure('workers/scripts/kiosque/deployments')
  const version = state.versions.find((v) => v.id === args['version-id'])
  if (!version) throw new WranglerError(`Version "${args['version-id']}" not found (the stand-in needs a version id)`)
  addDeployment(version.id, args.message, 'rollback')
  console.log(`Worker Version ${version.id} has been deployed to 100% of traffic.`)
}

function addDeployment(versionId, message, trigger = 'deployment', traffic = [{ version_id: versionId, percentage: 100 }]) {
  const number = state.deployments.length + 1
  state.deployments.push({
    id: `10000000-0000-4000-8000-${String(number).padStart(12, '0')}`,
    source: 'wrangler',
    strategy: 'percentage',
    author_email: 'author@example.org',
    created_on: new Date(T0 + (state.versions.length + number) * 60_000).toISOString(),
    annotations: { 'workers/triggered_by': trigger, ...(message !== undefined && { 'workers/message': message }) },
    versions: traffic,
  })
}
