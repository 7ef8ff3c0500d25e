import t from 'tap';
import { fieldChecker, type GuildwireError, oneOfMessage, validationError } from '../src/index.js';

function failure(fn: () => void): GuildwireError {
  try {
    fn();
  } catch (err) {
    return err as GuildwireError;
  }
  throw new Error('expected a validation error');
}

t.test('fieldChecker – every invalid field at once, in order', async (t) => {
  const err = failure(() =>
    fieldChecker()
      .text('subject', '', 10, { required: true })
      .text('description', 'x'.repeat(11), 10)
      .snowflake('opener_id', 'abc')
      .uuid('panel_id', 'not-a-uuid')
      .oneOf('priority', 'soon', ['low', 'normal', 'high'])
      .check('size', false, 'is too large')
      .done(),
  );
  t.equal(err.code, 'GW_ERR_VALIDATION');
  t.equal(err.statusCode, 400);
  t.same(err.details, [
    { field: '/subject', message: 'is required' },
    { field: '/description', message: 'must be at most 10 characters' },
    { field: '/opener_id', message: 'must be a Discord id' },
    { field: '/panel_id', message: 'must be a UUID' },
    { field: '/priority', message: 'must be one of low, normal, high' },
    { field: '/size', message: 'is too large' },
  ]);
  t.equal(err.message, 'Invalid request /subject is required');
});

t.test('fieldChecker – valid and absent optional values pass', async (t) => {
  t.doesNotThrow(() =>
    fieldChecker()
      .text('description', '', 10)
      .snowflake('opener_id', '')
      .uuid('panel_id', undefined)
      .oneOf('priority', '', ['low'])
      .text('subject', 'Hello', 10, { required: true })
      .snowflake('guild_id', '4242', { required: true })
      .uuid('ticket_id', '01890a5d-ac96-774b-bcce-b302099a8057', { required: true })
      .done(),
  );
});

t.test('fieldChecker – a blank required text is refused', async (t) => {
  const err = failure(() => fieldChecker().text('subject', '   ', 10, { required: true }).done());
  t.same(err.details, [{ field: '/subject', message: 'must not be blank' }]);
});

t.test('validationError – names the context in its summary', async (t) => {
  const err = validationError(
    [{ field: '/status/0', message: oneOfMessage(['open', 'closed']) }],
    'querystring',
  );
  t.equal(err.message, 'Invalid request querystring: /status/0 must be one of open, closed');
});
