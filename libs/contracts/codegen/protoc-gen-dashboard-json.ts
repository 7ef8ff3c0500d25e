// buf plugin: for every proto file, a `<name>_json.ts` next to protoc-gen-es's `<name>_pb.ts` with
// the dashboard-JSON form of its messages — a TypeScript interface and a TypeBox schema per message
// and enum (docs/realtime-protocol.md, "The dashboard JSON dialect"). Run by `npm run gen` (proto/buf.gen.yaml).
import { createEcmaScriptPlugin, runNodeJs } from '@bufbuild/protoplugin';
import { generateDashboardJson, type Options } from './dashboard-json-file.js';

runNodeJs(
  createEcmaScriptPlugin<Options>({
    name: 'protoc-gen-dashboard-json',
    version: 'v1',
    parseOptions(raw) {
      const runtime = raw.find((o) => o.key === 'runtime_import')?.value;
      if (!runtime) throw new Error('protoc-gen-dashboard-json: option runtime_import=<path> is required');
      return { runtimeImport: runtime };
    },
    generateTs: generateDashboardJson,
  }),
);
