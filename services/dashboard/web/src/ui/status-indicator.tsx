import type { ConnectionStatus } from '@guildwire/realtime-client';
import { useSyncExternalStore } from 'react';
import { useApp } from '../app-context.js';
import { statusLabels } from '../live/live-connection.js';

/** The live connection's state as the pages should trust it. */
export function useConnectionStatus(): ConnectionStatus {
  const { live } = useApp();
  return useSyncExternalStore(
    (listener) => live.client.onStatus(listener),
    () => live.client.status,
  );
}

/** A dot and a word: live (green), reconnecting (amber), offline (grey). */
export function StatusIndicator() {
  const status = useConnectionStatus();
  return (
    <span className={`status status-${status}`} data-testid="connection-status" data-status={status}>
      <span className="dot" aria-hidden="true" />
      {statusLabels[status]}
    </span>
  );
}
