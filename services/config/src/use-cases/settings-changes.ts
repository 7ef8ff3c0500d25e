import type { JsonObject } from '@bufbuild/protobuf';
import { errorCodes, validationError } from '@guildwire/errors';
import { assertVersion, onceByKey } from '@guildwire/service-kit';
import { type Caller, requireWrite } from '../domain/caller.js';
import { diffSettings } from '../domain/diff-settings.js';
import { mergePatch } from '../domain/merge-patch.js';
import {
  type ChangeKind,
  defaultState,
  type ModuleState,
  moduleNamed,
  type SettingsVersion,
  withDefaults,
} from '../domain/module-settings.js';
import { configErrors } from '../errors.js';
import { type SettingsStore, settingsStore } from '../store/settings-store.js';
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

/** Longest reason kept in the history. */
export const maxReasonLength = 500;

/**
 * Every write on module settings (update, reset, rollback), shared by HTTP and NATS. Each runs in
 * one transaction: the current version is locked and compared with the caller's, the new content
 * is decided and validated, and — when it differs — the new version, its history entry and its one
 * `config.updated` event commit together. A write that changes nothing makes no version.
 */
export function createSettingsChanges(deps: ConfigDeps) {
  const { outbox, clock, validator } = deps;
  const queries = createSettingsQueries(deps);

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
    const now = clock();
    let made: ModuleState | undefined;
    const { version, replayed } = await outbox.transaction((trx, emit) =>
      onceByKey(
        trx,
        {
          guildId: caller.guildId,
          operation: `${module.name}.${operation}`,
          key: options.idempotencyKey,
          now,
        },
        { by: caller.actorId, expected, reason, ...request },
        async () => {
          const store = settingsStore(trx);
          // The row lock orders writers of one module: a second writer waits here, then sees the
          // first one's version and fails the check below with 412.
          const stored = await store.current(caller.guildId, module.name, { forUpdate: true });
          const current = stored
            ? { ...stored, settings: withDefaults(module, stored.settings) }
            : defaultState(caller.guildId, module);
          assertVersion(expected, current.version);
          const decision = await decide(current, module, store);
          await validator.check(caller.guildId, module, decision.settings);
          const changes = diffSettings(current.settings, decision.settings);
          if (changes.length === 0) {
            made = current;
            return { version: current.version };
          }
          const entry: SettingsVersion & { state: { updatedAt: Date } } = {
            state: {
              guildId: caller.guildId,
              module: module.name,
              version: current.version + 1,
              settings: decision.settings,
              updatedAt: now,
              updatedBy: caller.actorId,
            },
            kind: decision.kind,
            changes,
            restoredVersion: decision.restoredVersion,
            reason,
            actorKind: caller.actorKind,
          };
          if (!(await store.advance(entry.state, current.version))) {
            // A first version raced with another first version and lost (no row to lock before).
            const winner = await store.current(caller.guildId, module.name);
            assertVersion(expected, winner?.version ?? 0);
          }
          await store.insertVersion(entry);
          emitConfigUpdated(emit, caller, entry);
          made = entry.state;
          return { version: entry.state.version };
        },
      ),
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
