import { readFile } from 'node:fs/promises';
import { type PublishedDraw, verifyDraw } from '../src/domain/verify-draw.js';

// `npm run giveaway:verify -- <url-or-file>`: recomputes an ended giveaway's winners from its public
// draw (GET /v1/guilds/:guildId/giveaways/:giveawayId/draw, or that answer saved to a file).
const source = process.argv[2];
if (!source) {
  console.error('usage: npm run giveaway:verify -- <draw url or file>');
  process.exit(2);
}
const text = /^https?:\/\//.test(source)
  ? await fetch(source).then(async (r) => {
      if (!r.ok) throw new Error(`${source}: HTTP ${r.status} ${await r.text()}`);
      return r.text();
    })
  : await readFile(source, 'utf8');
const draw = JSON.parse(text) as PublishedDraw;
const result = verifyDraw(draw);
console.log(`giveaway ${draw.giveawayId}: ${draw.entries.length} entries, digest ${draw.entriesDigest}`);
for (const [i, ids] of result.expectedRounds.entries())
  console.log(`round ${i + 1}: ${ids.join(', ') || '(none)'}`);
if (result.ok) {
  console.log('VERIFIED: the seed matches its commitment, the entries their digest, the winners the draw');
} else {
  for (const p of result.problems) console.log(`FAILED: ${p}`);
  process.exit(1);
}
