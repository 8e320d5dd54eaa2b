// The login flood, on loopback only and bounded in count and time: PV_FLOOD_N
// (500) attackers log in at once with random e-mails, each from its own IPv6 /64 (through
// `--trusted-proxy 127.0.0.1`, so the per-address limit does not stop them early), and
// retry every 200 ms while the server answers 503 busy, until each got a real answer or
// PV_FLOOD_SECS (60) ran out. Meanwhile a member signs in and reads a briefing every 500 ms.
// Reported: the member's read latencies (p50, p95, max) and failures, the attackers' answers,
// the server's peak RSS (VmHWM) and whether it is still up. The real members.json is used:
// argon2 with its default parameters (19 MiB, 2 passes), as in production.
// Usage: PV_SERVER_BIN=target/release/profile-server node tests/bench/login-flood.mjs [OUT.json]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startServer } from '../e2e/harness.mjs';

const N = Number(process.env.PV_FLOOD_N ?? 500);
const SECS = Number(process.env.PV_FLOOD_SECS ?? 60);
const OUT = process.argv[2];
const MEMBER = { email: 'leader@example.com', password: 'leader-demo-pass' };
const BRIEFING = '/api/profiles/us-officials-telecom-cyber-espionage/briefings/deeper-profile-context';

const server = await startServer(['--trusted-proxy', '127.0.0.1'], {
  content: process.env.PV_CONTENT ?? 'content',
  dist: process.env.PV_DIST ?? 'dist',
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const deadline = Date.now() + SECS * 1000;

function status(kind) {
  try {
    const text = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const m = text.match(new RegExp(`^${kind}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function login(body, forwardedFor) {
  const headers = { 'content-type': 'application/json', 'x-profile-viewer': '1' };
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
  return fetch(`${server.url}/api/auth/login`, { method: 'POST', headers, body: JSON.stringify(body) });
}

const attackers = { 401: 0, 429: 0, busy503: 0, other: 0, gaveUp: 0, errors: 0 };
let flooding = true;
async function attacker() {
  const hex = () => randomBytes(2).toString('hex');
  const from = `2001:db8:${hex()}:${hex()}::1`;
  const body = { email: `flood-${randomBytes(6).toString('hex')}@example.net`, password: randomBytes(8).toString('hex') };
  while (Date.now() < deadline) {
    let r;
    try {
      r = await login(body, from);
      await r.arrayBuffer();
    } catch {
      attackers.errors += 1;
      return;
    }
    if (r.status === 503) {
      attackers.busy503 += 1;
      await sleep(200);
      continue;
    }
    if (r.status === 401 || r.status === 429) attackers[r.status] += 1;
    else attackers.other += 1;
    return;
  }
  attackers.gaveUp += 1;
}

const member = { signInMs: null, signInTries: 0, reads: [], failures: [] };
async function memberLoop() {
  const started = Date.now();
  let cookie = null;
  while (!cookie && Date.now() < deadline) {
    member.signInTries += 1;
    const r = await login(MEMBER);
    await r.arrayBuffer();
    if (r.status === 200) cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
    else await sleep(Number(r.headers.get('retry-after') ?? 1) * 1000);
  }
  member.signInMs = Date.now() - started;
  while (cookie && flooding && Date.now() < deadline) {
    const t0 = performance.now();
    try {
      const r = await fetch(`${server.url}${BRIEFING}`, { headers: { cookie } });
      await r.arrayBuffer();
      member.reads.push(performance.now() - t0);
      if (r.status !== 200) member.failures.push(r.status);
    } catch (e) {
      member.failures.push(String(e));
    }
    await sleep(500);
  }
}

let peakSampled = 0;
const sampler = setInterval(() => {
  peakSampled = Math.max(peakSampled, status('VmRSS') ?? 0);
}, 50);
const idleRss = status('VmRSS');
const t0 = Date.now();
const memberDone = memberLoop();
await Promise.all(Array.from({ length: N }, attacker));
const floodMs = Date.now() - t0;
// A few more reads after the flood, to see the member's latency recover.
await sleep(1500);
flooding = false;
await memberDone;
clearInterval(sampler);
const peakRss = status('VmHWM');
const health = await fetch(`${server.url}/healthz`).then((r) => r.status).catch(() => null);
await server.stop();

const sorted = [...member.reads].sort((a, b) => a - b);
const pct = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);
const mib = (b) => (b == null ? null : Math.round((b / 1048576) * 10) / 10);
const result = {
  date: new Date().toISOString(),
  attackers: N,
  floodSeconds: floodMs / 1000,
  attackerAnswers: attackers,
  member: {
    signInMs: member.signInMs,
    signInTries: member.signInTries,
    reads: sorted.length,
    readP50Ms: pct(50),
    readP95Ms: pct(95),
    readMaxMs: sorted.at(-1) ?? null,
    failures: member.failures,
  },
  serverRssMiB: { idle: mib(idleRss), peakSampled: mib(peakSampled), peakVmHWM: mib(peakRss) },
  healthAfter: health,
};
console.log(JSON.stringify(result, null, 2));
if (OUT) {
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(result, null, 2));
}
// Budgets are reported, not asserted (like the rest of the bench): exit 1 only when the run
// itself did not happen.
const verdict = (ok) => (ok ? 'within budget' : 'OVER BUDGET');
console.error(`login flood: member p95 ${Math.round(pct(95))} ms, ${member.failures.length} failed reads (${verdict(member.failures.length === 0)}); ` +
  `server peak RSS ${mib(peakRss)} MiB (budget 512: ${verdict((peakRss ?? 0) < 512 * 1048576)}); /healthz after: ${health} (${verdict(health === 200)})`);
process.exit(sorted.length > 0 ? 0 : 1);
