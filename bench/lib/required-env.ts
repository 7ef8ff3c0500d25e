/** Reads a bench server's required variables: `env('NATS_URL')` throws `<who>: NATS_URL is required` when unset or empty. */
export function requiredEnv(who: string): (name: string) => string {
  return (name) => {
    const value = process.env[name];
    if (value === undefined || value === '') throw new Error(`${who}: ${name} is required`);
    return value;
  };
}
