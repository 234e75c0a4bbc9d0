/**
 * A private code-server (the real VS Code server, Node extension host and web workbench) for
 * the end-to-end test: installed by scripts/install-code-server.sh into .deps/, started on a
 * free 127.0.0.1 port with no auth, with its own user-data and extensions dirs in a temp dir,
 * so nothing of a developer's VS Code profile is read or written.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../extension/helpers';
import { spawnGroup, type Group } from './processes';

export const CODE_SERVER_VERSION = process.env.GL_CODE_SERVER_VERSION ?? '4.100.3';
const INSTALL = join(ROOT, '.deps', `code-server-${CODE_SERVER_VERSION}`);
const ENTRY = join(INSTALL, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Why the e2e test cannot run here (said loudly), or undefined when it can. */
export function codeServerMissing(): string | undefined {
  // `ready` is written last by the installer, so a half-finished install does not count.
  if (existsSync(join(INSTALL, 'ready')) && existsSync(ENTRY)) return undefined;
  // CI installs it (.ci/run sets GL_REQUIRE_E2E=1): there a missing install is a failure, not a skip.
  if (process.env.GL_REQUIRE_E2E === '1') throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${INSTALL}, and GL_REQUIRE_E2E=1: run bash scripts/install-code-server.sh`);
  const msg = `!!! SKIPPED the real-VS-Code e2e test: code-server ${CODE_SERVER_VERSION} is not installed in ${INSTALL}. Run: bash scripts/install-code-server.sh (CI does).`;
  console.error(`\n${'!'.repeat(msg.length)}\n${msg}\n${'!'.repeat(msg.length)}\n`);
  return msg;
}

/** User settings that keep the workbench quiet and offline: no welcome page, telemetry, trust prompt or update check. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface CodeServer {
  url: string;
  logFile: string;
  stop(): Promise<void>;
  /** Error lines of the server and extension-host logs, for a failure's message. */
  errors(): string[];
}

/**
 * Installs `vsix` (as a user would, `--install-extension`) into a fresh extensions dir and starts
 * the server for `workspace`. `dir` is the run's temp dir; `deadlineSeconds` bounds its life.
 */
export async function startCodeServer(o: { dir: string; workspace: string; vsix: string; settings: object; deadlineSeconds: number }): Promise<CodeServer> {
  const userData = join(o.dir, 'user-data');
  const extensions = join(o.dir, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...o.settings }, null, 2));
  // Without --config, code-server writes ~/.config/code-server/config.yaml with a password.
  const config = join(o.dir, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];

  const install = spawnSync(process.execPath, [ENTRY, ...common, '--install-extension', o.vsix, '--force'], { encoding: 'utf8', timeout: 180000 });
  if (install.status !== 0) throw new Error(`code-server --install-extension failed (${install.status}):\n${install.stdout}\n${install.stderr}`);

  const host = `127.0.0.1:${await freePort()}`;
  const logFile = join(o.dir, 'code-server.log');
  const args = [ENTRY, ...common, '--bind-addr', host, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', o.workspace];
  const out = openSync(logFile, 'a');
  // XDG_RUNTIME_DIR: VS Code's IPC sockets go into the run dir instead of piling up in /tmp.
  const server: Group = spawnGroup(process.execPath, args, { stdio: ['ignore', out, out], env: { ...process.env, XDG_RUNTIME_DIR: o.dir } }, o.deadlineSeconds);
  closeSync(out);

  const url = `http://${host}`;
  const cs: CodeServer = { url, logFile, stop: () => server.stop(), errors: () => errorLines(o.dir, logFile) };
  const end = Date.now() + 180000;
  for (;;) {
    if (server.exited) throw new Error(`code-server exited (${JSON.stringify(server.exited)}):\n${tail(logFile)}`);
    if (Date.now() > end) {
      await server.stop();
      throw new Error(`code-server did not answer within 180 s:\n${tail(logFile)}`);
    }
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return cs;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Activation failures, incompatible engines and the like, from the server and extension-host logs. */
function errorLines(dir: string, logFile: string): string[] {
  const files = [logFile];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (/exthost\.log$|remoteagent\.log$|Gradient Lab\.log$/.test(e.name)) files.push(join(d, e.name));
    }
  };
  try {
    walk(join(dir, 'user-data', 'logs'));
  } catch {
    // no logs yet
  }
  const out = files.flatMap((f) => {
    try {
      return readFileSync(f, 'utf8').split('\n');
    } catch {
      return [];
    }
  }).filter((l) => /\[error\]|not compatible|Cannot activate|Activating extension .* failed/.test(l) && !/ENOTFOUND|vsda/.test(l));
  return [...new Set(out)].slice(-20).map((l) => l.slice(0, 400));
}
