import {
  ActorKind,
  commandSubject,
  TicketPriority,
  TicketStatus,
  ticketCommands,
} from '@guildwire/contracts';
import { defineError, errorCodes, isGuildwireError } from '@guildwire/errors';
import t from 'tap';
import {
  bindCommand,
  CommandRejectedError,
  CommandTimeoutError,
  NoResponderError,
  requestCommand,
  serveCommands,
} from '../../src/index.js';
import { busForTest, secondBus } from '../fixtures.js';

const AlreadyClaimed = defineError('TICKET_ERR_ALREADY_CLAIMED', 409, 'ticket already claimed by %s');

t.test('commands – a request gets the typed reply from a replica in the queue group', async (t) => {
  const bus = await busForTest(t);
  const server = await serveCommands(bus, { name: 'ticket', version: '0.1.0' }, [
    bindCommand(ticketCommands.open, async (req) => ({
      ticket: {
        id: 'abc',
        guildId: req.guildId,
        subject: req.subject,
        status: TicketStatus.OPEN,
        priority: req.priority,
        number: 1,
      },
    })),
  ]);
  t.teardown(() => server.stop());
  const client = await secondBus(t, bus, 'bot');
  const reply = await requestCommand(client, ticketCommands.open, {
    guildId: '4242',
    subject: 'help',
    priority: TicketPriority.HIGH,
    actor: { kind: ActorKind.DISCORD_USER, id: '9' },
  });
  t.equal(reply.ticket?.id, 'abc');
  t.equal(reply.ticket?.subject, 'help');
  t.equal(reply.ticket?.priority, TicketPriority.HIGH);
});

t.test('commands – a typed error reaches the caller with code, status and field errors', async (t) => {
  const bus = await busForTest(t);
  const server = await serveCommands(bus, { name: 'ticket', version: '0.1.0' }, [
    bindCommand(ticketCommands.claim, async () => {
      throw new AlreadyClaimed('77').withDetails([{ field: '/ticketId', message: 'taken' }]);
    }),
  ]);
  t.teardown(() => server.stop());
  const err = await requestCommand(bus, ticketCommands.claim, { guildId: '1', ticketId: 'x' }).catch(
    (e: unknown) => e,
  );
  t.type(err, CommandRejectedError);
  const rejected = err as CommandRejectedError;
  t.equal(rejected.code, 'TICKET_ERR_ALREADY_CLAIMED');
  t.equal(rejected.statusCode, 409);
  t.equal(rejected.message, 'ticket already claimed by 77');
  t.same(
    rejected.fieldErrors.map((f) => [f.field, f.message]),
    [['/ticketId', 'taken']],
  );
});

t.test('commands – object details survive the wire; the rejection is itself a Guildwire error', async (t) => {
  const bus = await busForTest(t);
  const server = await serveCommands(bus, { name: 'ticket', version: '0.1.0' }, [
    bindCommand(ticketCommands.claim, async () => {
      throw new errorCodes.GW_ERR_STALE_VERSION(3, 4).withDetails({ currentVersion: 4 });
    }),
  ]);
  t.teardown(() => server.stop());
  const err = (await requestCommand(bus, ticketCommands.claim, { guildId: '1' }).catch(
    (e: unknown) => e,
  )) as CommandRejectedError;
  t.ok(isGuildwireError(err));
  t.equal(err.code, 'GW_ERR_STALE_VERSION');
  t.equal(err.statusCode, 412);
  t.equal(err.message, 'Version 3 is stale; the current version is 4');
  t.same(err.details, { currentVersion: 4 });
  t.same(err.fieldErrors, []);
  t.equal(err.subject, 'cmd.ticket.claim');
});

t.test('commands – stop() waits for the requests in hand', async (t) => {
  const bus = await busForTest(t);
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let entered!: () => void;
  const inHandler = new Promise<void>((r) => {
    entered = r;
  });
  const server = await serveCommands(bus, { name: 'ticket', version: '0.1.0' }, [
    bindCommand(ticketCommands.close, async () => {
      entered();
      await gate;
      return {};
    }),
  ]);
  const reply = requestCommand(bus, ticketCommands.close, { guildId: '1' }, { timeoutMs: 5000 });
  await inHandler;
  let stopped = false;
  const stopping = server.stop().then(() => {
    stopped = true;
  });
  await new Promise((r) => setImmediate(r));
  t.notOk(stopped, 'stop waits for the handler');
  release();
  await stopping;
  await reply;
  t.ok(stopped);
});

t.test('commands – a slow handler times out with CommandTimeoutError', async (t) => {
  const bus = await busForTest(t);
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const server = await serveCommands(bus, { name: 'ticket', version: '0.1.0' }, [
    bindCommand(ticketCommands.close, async () => {
      await gate;
      return {};
    }),
  ]);
  t.teardown(async () => {
    release();
    await server.stop();
  });
  const err = await requestCommand(bus, ticketCommands.close, { guildId: '1' }, { timeoutMs: 200 }).catch(
    (e: unknown) => e,
  );
  t.type(err, CommandTimeoutError);
  t.match((err as Error).message, /cmd\.ticket\.close within 200 ms/);
});

t.test('commands – no service listening gives NoResponderError at once', async (t) => {
  const bus = await busForTest(t);
  const err = await requestCommand(bus, ticketCommands.open, { guildId: '1' }, { timeoutMs: 5000 }).catch(
    (e: unknown) => e,
  );
  t.type(err, NoResponderError);
});

t.test(
  'commands – a malformed request payload gets GW_ERR_BAD_REQUEST and the server keeps serving',
  async (t) => {
    const bus = await busForTest(t);
    let calls = 0;
    const server = await serveCommands(bus, { name: 'ticket', version: '0.1.0' }, [
      bindCommand(ticketCommands.open, async () => {
        calls++;
        return {};
      }),
    ]);
    t.teardown(() => server.stop());
    const raw = await bus.nc.request(
      bus.wire(commandSubject(ticketCommands.open)),
      new Uint8Array([0xff, 0xff, 0xff]),
      { timeout: 2000 },
    );
    t.equal(raw.headers?.get('Guildwire-Error'), 'GW_ERR_BAD_REQUEST');
    t.equal(raw.headers?.get('Nats-Service-Error-Code'), '400');
    t.equal(calls, 0, 'the handler never saw the garbage');
    await requestCommand(bus, ticketCommands.open, { guildId: '1' });
    t.equal(calls, 1);
  },
);

t.test('commands – a crashing handler answers GW_ERR_INTERNAL without leaking the cause', async (t) => {
  const bus = await busForTest(t);
  const server = await serveCommands(bus, { name: 'ticket', version: '0.1.0' }, [
    bindCommand(ticketCommands.open, async () => {
      throw new Error('db password is hunter2');
    }),
  ]);
  t.teardown(() => server.stop());
  const err = (await requestCommand(bus, ticketCommands.open, { guildId: '1' }).catch(
    (e: unknown) => e,
  )) as CommandRejectedError;
  t.equal(err.code, 'GW_ERR_INTERNAL');
  t.equal(err.statusCode, 500);
  t.notMatch(err.message, /hunter2/);
});

t.test('commands – the service is discoverable through $SRV with its endpoints', async (t) => {
  const bus = await busForTest(t);
  const server = await serveCommands(bus, { name: 'ticket', version: '0.1.0' }, [
    bindCommand(ticketCommands.open, async () => ({})),
    bindCommand(ticketCommands.claim, async () => ({})),
  ]);
  t.teardown(() => server.stop());
  const info = JSON.parse((await bus.nc.request('$SRV.INFO.ticket', '', { timeout: 2000 })).string());
  t.equal(info.name, 'ticket');
  t.same(info.endpoints.map((e: { subject: string }) => e.subject).sort(), [
    bus.wire('cmd.ticket.claim'),
    bus.wire('cmd.ticket.open'),
  ]);
  t.equal(info.endpoints[0].queue_group, 'ticket');
});
