import type { JsonObject } from '@bufbuild/protobuf';
import { errorCodes, validationError } from '@guildwire/errors';
import { assertVersion, onceByKey } from '@guildwire/service-kit';
import { type Caller, requireWrite } from '../domain/caller.js';
import { diffSettings } from '../domain/diff-settings.js';
import { mergePatch } from '../domain/merge-patch.js';
import { moduleNormalizers } from '../domain/module-normalizers.js';
import {
  type ChangeKind,
  defaultState,
  type ModuleState,
  moduleNamed,
  withDefaults,
} from '../domain/module-settings.js';
import { configErrors } from '../errors.js';
import { type NewVersion, type SettingsStore, settingsStore } from '../store/settings-store.js';
import { emitConfigUpdated } from '../wire/config-events.js';
import type { ConfigDeps, WriteOptions } from './deps.js';
import { createSettingsQueries } from './settings-queries.js';

/** What a write answers: the module's settings after it, and whether it was an idempotent replay. */
export interface SettingsResult {
  readonly state: ModuleState;
  readonly replayed: boolean;
}

/** The content a write decided on, from the module's current state. */
interface Decision {
  readonly settings: JsonObject;
  readonly kind: ChangeKind;
  readonly restoredVersion: number | null;
}

type Module = ReturnType<typeof moduleNamed>;
type Decide = (current: ModuleState, module: Module, store: SettingsStore) => Promise<Decision>;

/** The document with what the module fills in for the admin (module-normalizers.ts). */
function normalized(module: Module['name'], settings: JsonObject): JsonObject {
  return moduleNormalizers[module]?.(settings) ?? settings;
}

/** Longest reason kept in the history. */
export const maxReasonLength = 500;

/**
 * Every write on module settings (update, reset, rollback), shared by HTTP and NATS. The current
 * version is read and compared with the caller's, the new content decided and validated, and —
 * when it differs — the new version, its history entry and its one `config.updated` event commit
 * together, conditional on the version read (a concurrent writer of the same version gets 412). A
 * write that changes nothing makes no version.
 */
export function createSettingsChanges(deps: ConfigDeps) {
  const { outbox, clock, validator } = deps;
  const queries = createSettingsQueries(deps);

  /** The current state, the caller's version checked, and the new version when the content changes. */
  async function decideVersion(
    store: SettingsStore,
    caller: Caller,
    module: Module,
    expected: number,
    reason: string,
    decide: Decide,
  ): Promise<{ current: ModuleState; entry?: NewVersion }> {
    const stored = await store.current(caller.guildId, module.name);
    const current = stored
      ? { ...stored, settings: withDefaults(module, stored.settings) }
      : defaultState(caller.guildId, module);
    assertVersion(expected, current.version);
    const decided = await decide(current, module, store);
    const decision = { ...decided, settings: normalized(module.name, decided.settings) };
    await validator.check(caller.guildId, module, decision.settings);
    const changes = diffSettings(current.settings, decision.settings);
    if (changes.length === 0) return { current };
    const entry: NewVersion = {
      state: {
        guildId: caller.guildId,
        module: module.name,
        version: current.version + 1,
        settings: decision.settings,
        updatedAt: clock(),
        updatedBy: caller.actorId,
      },
      kind: decision.kind,
      changes,
      restoredVersion: decision.restoredVersion,
      reason,
      actorKind: caller.actorKind,
    };
    return { current, entry };
  }

  /** 412 for a writer whose conditional statement changed nothing: another one made that version. */
  async function lostTo(
    store: SettingsStore,
    caller: Caller,
    module: Module,
    expected: number,
  ): Promise<never> {
    const winner = (await store.current(caller.guildId, module.name))?.version ?? 0;
    throw new errorCodes.GW_ERR_STALE_VERSION(expected, winner).withDetails({ currentVersion: winner });
  }

  async function write(
    caller: Caller,
    moduleName: string,
    operation: string,
    request: object,
    options: WriteOptions,
    decide: Decide,
  ): Promise<SettingsResult> {
    requireWrite(caller);
    const module = moduleNamed(moduleName);
    const expected = options.expectedVersion;
    if (expected === undefined) throw new errorCodes.GW_ERR_PRECONDITION_REQUIRED('current');
    const reason = options.reason ?? '';
    if (reason.length > maxReasonLength) {
      throw validationError([{ field: '/reason', message: `must be at most ${maxReasonLength} characters` }]);
    }

    if (!options.idempotencyKey) {
      // The hot path: read, decide, then the version, its history row (trigger) and its event as
      // ONE statement (outbox.commit), conditional on the version read — no lock held in between.
      const store = settingsStore(deps.db);
      const { current, entry } = await decideVersion(store, caller, module, expected, reason, decide);
      if (!entry) return { state: current, replayed: false };
      const made = await outbox.commit(store.advance(entry, current.version), (emit) =>
        emitConfigUpdated(emit, caller, entry),
      );
      if (made.length === 0) await lostTo(store, caller, module, expected);
      return { state: entry.state, replayed: false };
    }

    // With an idempotency key: the key, the version and the event commit together (a retry that
    // comes while the first request runs waits on the key, then gets its answer).
    let made: ModuleState | undefined;
    const scope = {
      guildId: caller.guildId,
      operation: `${module.name}.${operation}`,
      key: options.idempotencyKey,
      now: clock(),
    };
    const { version, replayed } = await outbox.transaction((trx, emit) =>
      onceByKey(trx, scope, { by: caller.actorId, expected, reason, ...request }, async () => {
        const store = settingsStore(trx);
        const { current, entry } = await decideVersion(store, caller, module, expected, reason, decide);
        made = entry?.state ?? current;
        if (!entry) return { version: current.version };
        if ((await store.advance(entry, current.version).execute()).length === 0) {
          await lostTo(store, caller, module, expected);
        }
        emitConfigUpdated(emit, caller, entry);
        return { version: entry.state.version };
      }),
    );
    if (!replayed && made) return { state: made, replayed };
    // A replay answers with the version the first request made (the stored reply names it).
    const state =
      version === 0
        ? await queries.get(caller, module.name)
        : (await queries.version(caller, module.name, version)).state;
    return { state, replayed };
  }

  function checkSize(document: unknown): void {
    const bytes = Buffer.byteLength(JSON.stringify(document));
    if (bytes > deps.maxDocumentBytes) throw new errorCodes.GW_ERR_PAYLOAD_TOO_LARGE(deps.maxDocumentBytes);
  }

  return {
    /**
     * Replaces the module's settings with `document` (fields it leaves out take their defaults), or
     * with `patch` merges it into the current settings (RFC 7396: `null` resets a field to its default).
     */
    async update(
      caller: Caller,
      moduleName: string,
      document: JsonObject,
      mode: { readonly patch: boolean },
      options: WriteOptions,
    ): Promise<SettingsResult> {
      checkSize(document);
      return write(
        caller,
        moduleName,
        mode.patch ? 'patch' : 'replace',
        { document },
        options,
        async (current, module) => {
          const merged = mode.patch ? (mergePatch(current.settings, document) as JsonObject) : document;
          return { settings: withDefaults(module, merged), kind: 'update', restoredVersion: null };
        },
      );
    },

    /** A new version with the module's defaults. */
    async reset(caller: Caller, moduleName: string, options: WriteOptions): Promise<SettingsResult> {
      return write(caller, moduleName, 'reset', {}, options, async (_current, module) => ({
        settings: structuredClone(module.defaults) as JsonObject,
        kind: 'reset',
        restoredVersion: null,
      }));
    },

    /** A new version with the content of version `toVersion` (404 when the module never had it). */
    async rollback(
      caller: Caller,
      moduleName: string,
      toVersion: number,
      options: WriteOptions,
    ): Promise<SettingsResult> {
      return write(caller, moduleName, 'rollback', { toVersion }, options, async (current, module, store) => {
        const target = await store.version(current.guildId, module.name, toVersion);
        if (!target) throw new configErrors.CONFIG_ERR_VERSION_NOT_FOUND(toVersion, module.name);
        return {
          settings: withDefaults(module, target.state.settings),
          kind: 'rollback',
          restoredVersion: toVersion,
        };
      });
    },
  };
}

/** The settings writes' interface. */
export type SettingsChanges = ReturnType<typeof createSettingsChanges>;
