import type { APIModalSubmission } from '@discordjs/core';

/** The submitted text inputs of a modal by custom id (action rows and label components alike). */
export function modalValues(data: APIModalSubmission): Map<string, string> {
  const values = new Map<string, string>();
  for (const row of data.components as unknown as Array<Record<string, unknown>>) {
    const inputs = Array.isArray(row.components) ? row.components : row.component ? [row.component] : [];
    for (const input of inputs as Array<{ custom_id?: unknown; value?: unknown }>) {
      if (typeof input.custom_id === 'string' && typeof input.value === 'string')
        values.set(input.custom_id, input.value);
    }
  }
  return values;
}
