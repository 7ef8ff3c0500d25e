import t from 'tap';
import { PlaceNotReadyError, placeOfEvent, type TicketEffectDeps } from '../../src/effects/ticket-effects.js';
import type { TicketPlace } from '../../src/state/ticket-places.js';
import { silent } from '../fixtures.js';

// The one rule every ticket effect uses for an event whose ticket has no Discord place yet.
const place = { channelId: '9000', mode: 'channel', version: 1, open: true } as unknown as TicketPlace;
const depsWith = (found: TicketPlace | undefined) =>
  ({ places: { place: async () => found }, logger: silent }) as unknown as TicketEffectDeps;

t.test('placeOfEvent – the stored place is answered', async (t) => {
  t.equal(await placeOfEvent(depsWith(place), 't1', Date.now()), place);
});

t.test(
  'placeOfEvent – no place yet for a recent event: retry (its ticket.opened is being handled)',
  async (t) => {
    await t.rejects(placeOfEvent(depsWith(undefined), 't1', Date.now() - 1000), PlaceNotReadyError);
  },
);

t.test('placeOfEvent – no place long after the event: nothing to do, no endless retry', async (t) => {
  t.equal(await placeOfEvent(depsWith(undefined), 't1', Date.now() - 10 * 60_000), undefined);
});
