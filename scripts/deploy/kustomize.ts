// Enough of kustomize to check manifests without it: a kustomization's resources (files and
// folders with their own kustomization.yaml), strategic-merge patches, images, namespace and
// labels. A field it does not know is an error, so a manifest never escapes the checks silently.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as parsed from YAML. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are free-form; the checks read them by path
  [key: string]: any;
};

const knownFields = new Set(['apiVersion', 'kind', 'resources', 'patches', 'images', 'namespace', 'labels']);

/** Every YAML document of a file (comments and blank documents dropped). */
export function readYamlDocuments(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8'), { merge: true })
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return doc.toJS();
    })
    .filter((d) => d !== null && d !== undefined);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Strategic merge as kubectl does it for the fields used here: maps merge key by key, lists of
 * objects that all carry `name` (containers, env, ports, volumes) merge element by name, other
 * lists are replaced; `null` deletes.
 */
export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (patch === null) return undefined;
  if (isObject(base) && isObject(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      const merged = strategicMerge(base[key], value);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    }
    return out;
  }
  const named = (list: unknown[]) =>
    list.length > 0 && list.every((e) => isObject(e) && typeof e.name === 'string');
  if (Array.isArray(base) && Array.isArray(patch) && named(base) && named(patch)) {
    const out = [...base] as Array<Record<string, unknown>>;
    for (const element of patch as Array<Record<string, unknown>>) {
      const at = out.findIndex((e) => e.name === element.name);
      if (at === -1) out.push(element);
      else out[at] = strategicMerge(out[at], element) as Record<string, unknown>;
    }
    return out;
  }
  return patch;
}

function loadResources(path: string): K8sObject[] {
  if (statSync(path).isDirectory()) return buildKustomization(path);
  return readYamlDocuments(path) as K8sObject[];
}

/** Rewrites `image` (name[:tag]) by the kustomization's images entries. */
function applyImages(
  objects: K8sObject[],
  images: Array<{ name: string; newName?: string; newTag?: string }>,
) {
  const rewrite = (image: string): string => {
    const [name, tag] = image.split(':');
    const rule = images.find((i) => i.name === name);
    if (rule === undefined) return image;
    const newTag = rule.newTag ?? tag;
    return `${rule.newName ?? name}${newTag === undefined ? '' : `:${newTag}`}`;
  };
  for (const o of objects) {
    const spec = o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec?.template?.spec;
    for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])])
      c.image = rewrite(c.image);
  }
}

/** The objects `kustomize build <dir>` would print (for the features of `knownFields`). */
export function buildKustomization(dir: string): K8sObject[] {
  const file = ['kustomization.yaml', 'kustomization.yml'].map((f) => resolve(dir, f)).find(existsSync);
  if (file === undefined) throw new Error(`${dir}: no kustomization.yaml`);
  const k = readYamlDocuments(file)[0] as Record<string, unknown>;
  for (const field of Object.keys(k))
    if (!knownFields.has(field))
      throw new Error(`${file}: field ${field} is not understood by scripts/deploy/kustomize.ts`);
  let objects: K8sObject[] = [];
  for (const resource of (k.resources as string[] | undefined) ?? [])
    objects.push(...loadResources(resolve(dir, resource)));
  for (const patch of (k.patches as Array<{ path?: string; target?: unknown; patch?: string }> | undefined) ??
    []) {
    if (patch.path === undefined || patch.target !== undefined || patch.patch !== undefined)
      throw new Error(`${file}: only strategic-merge patches by path are understood`);
    for (const doc of readYamlDocuments(resolve(dir, patch.path)) as K8sObject[]) {
      const at = objects.findIndex(
        (o) =>
          o.kind === doc.kind && o.metadata.name === doc.metadata.name && o.apiVersion === doc.apiVersion,
      );
      if (at === -1)
        throw new Error(
          `${resolve(dir, patch.path)}: patches ${doc.kind} ${doc.metadata.name}, which no resource defines`,
        );
      objects[at] = strategicMerge(objects[at], doc) as K8sObject;
    }
  }
  applyImages(
    objects,
    (k.images as Array<{ name: string; newName?: string; newTag?: string }> | undefined) ?? [],
  );
  for (const rule of (k.labels as
    | Array<{ pairs: Record<string, string>; includeSelectors?: boolean }>
    | undefined) ?? []) {
    if (rule.includeSelectors === true)
      throw new Error(`${file}: labels with includeSelectors are not understood`);
    objects = objects.map((o) => ({
      ...o,
      metadata: { ...o.metadata, labels: { ...o.metadata.labels, ...rule.pairs } },
    }));
  }
  if (typeof k.namespace === 'string')
    objects = objects.map((o) => ({ ...o, metadata: { ...o.metadata, namespace: k.namespace as string } }));
  const seen = new Set<string>();
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata.name}`;
    if (seen.has(id)) throw new Error(`${dir}: ${id} is defined twice`);
    seen.add(id);
  }
  return objects;
}
