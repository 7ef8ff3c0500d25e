import { ticketEvents } from '@guildwire/contracts';
import t from 'tap';
import { applyPanelEvent } from '../../src/index.js';
import { frame, panel, ticket } from './fixtures.js';

t.test('panel list – created adds, a newer update replaces, deleted removes', async (t) => {
  const created = applyPanelEvent([], frame(ticketEvents.panelCreated, { panel: panel('p', 1) }));
  t.same(
    created.map((p) => p.id),
    ['p'],
  );
  const renamed = panel('p', 2, 'Support');
  const updated = applyPanelEvent(
    created,
    frame(ticketEvents.panelUpdated, { panel: renamed, changedFields: [] }),
  );
  t.equal(updated[0], renamed);
  t.equal(
    applyPanelEvent(updated, frame(ticketEvents.panelUpdated, { panel: panel('p', 1), changedFields: [] })),
    updated,
    'a stale update changes nothing',
  );
  t.same(applyPanelEvent(updated, frame(ticketEvents.panelDeleted, { panel: panel('p', 3) })), []);
  t.equal(
    applyPanelEvent(updated, frame(ticketEvents.opened, { ticket: ticket('a', 1) })),
    updated,
    'ticket event',
  );
});
