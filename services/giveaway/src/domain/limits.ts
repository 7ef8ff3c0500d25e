/** Size limits of giveaway fields (HTTP schemas and NATS checks share them). */
export const limits = {
  prize: 256,
  description: 4000,
  roles: 50,
  bonusEntries: 25,
  /** Extra entries one role may give. */
  bonusPerRole: 100,
  pageSize: 100,
  idempotencyKey: 200,
  /** Winners one reroll may draw. */
  rerollCount: 100,
} as const;
