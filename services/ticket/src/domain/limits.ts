/**
 * Size limits of ticket fields, shared by the HTTP schemas and the NATS command validation so both
 * entry points refuse the same input. Discord's own limits set most of them (embed title 256,
 * description 4096, button label 80).
 */
export const limits = {
  subject: 100,
  description: 4000,
  category: 64,
  tags: 10,
  tag: 32,
  comment: 4000,
  reason: 500,
  attachmentName: 256,
  attachmentUrl: 2048,
  contentType: 128,
  /** Discord's largest upload (boosted servers). */
  attachmentSize: 500 * 1024 * 1024,
  idempotencyKey: 128,
  panelTitle: 256,
  panelDescription: 4000,
  buttonLabel: 80,
  pageSize: 100,
  /** Longest close-request timeout a caller may ask for: 30 days. */
  closeRequestTimeoutSeconds: 30 * 24 * 3600,
  textQuery: 200,
  /** Discord's modal: five inputs, labels of 45 characters, values of 4000. */
  answers: 5,
  questionLabel: 45,
  answer: 4000,
  panelCategories: 25,
  /** A blacklist entry's reason, shown to the refused user in an ephemeral Discord reply. */
  blacklistReason: 500,
  /** Members of one ticket besides its opener (each is one overwrite on a channel; Discord allows 100). */
  members: 25,
  /** The opener's comment with a rating (a Discord modal's short paragraph). */
  feedbackComment: 400,
} as const;
