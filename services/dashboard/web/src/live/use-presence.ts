import type { PresenceViewer } from '@guildwire/realtime-client';
import { useEffect, useState } from 'react';
import { useApp } from '../app-context.js';

/**
 * Tells the realtime gateway this page views `topic` of a guild (a `view` frame, announced again
 * after every reconnect, ended when the component unmounts) and returns who views it right now,
 * the signed-in person included. Staff and admins get the list; for a member the gateway counts the
 * view but sends none, so the result stays `undefined`.
 */
export function usePresence(guildId: string, topic: string): readonly PresenceViewer[] | undefined {
  const { live } = useApp();
  const [viewers, setViewers] = useState<readonly PresenceViewer[] | undefined>(undefined);
  useEffect(() => {
    setViewers(undefined);
    return live.client.view(guildId, topic, setViewers);
  }, [live, guildId, topic]);
  return viewers;
}
