// bench:realtime role `gateway-server`: the gateway as `npm start` and the image run it (compiled by
// scripts/bundle.ts; the driver bundles it first), optionally CPU-profiled. Configured by env.
import { pathToFileURL } from 'node:url';
import { bundlePath } from '../../scripts/bundle.js';
import { profileIfAsked } from '../lib/cpu-profile.js';

await profileIfAsked('gateway');
await import(pathToFileURL(bundlePath('realtime-gateway')).href);
