import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { testkitEnv } from './env.js';

const PROBE_TIMEOUT_MS = 1_000;

type Endpoint = { socketPath: string } | { host: string; port: number };

function endpoint(): Endpoint | undefined {
  const { dockerHost, home } = testkitEnv;
  if (dockerHost?.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  if (dockerHost?.startsWith('tcp://')) {
    const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  const sockets = ['/var/run/docker.sock', join(home, '.docker', 'run', 'docker.sock')];
  const socketPath = sockets.find((path) => existsSync(path));
  return socketPath === undefined ? undefined : { socketPath };
}

function ping(target: Endpoint): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: PROBE_TIMEOUT_MS }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

let answer: Promise<boolean> | undefined;

/**
 * Whether a Docker engine answers `/_ping` within a second; asked once per process. A missing
 * socket answers "no" at once, so machines without Docker pay nothing.
 */
export function dockerAvailable(): Promise<boolean> {
  if (answer === undefined) {
    const target = testkitEnv.dockerAllowed ? endpoint() : undefined;
    answer = target === undefined ? Promise.resolve(false) : ping(target);
  }
  return answer;
}
