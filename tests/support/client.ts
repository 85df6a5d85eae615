// The HTTP client the integration tests use lives with the demo that uses it too.
import { Client } from '../../src/cli/http-client.ts';

export { Client, type PageResponse as TestResponse } from '../../src/cli/http-client.ts';

let counter = 0;
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

export async function signUpCitizen(base: string, name = uniqueName('citizen')): Promise<{ client: Client; username: string; password: string }> {
  const client = new Client(base);
  const password = 'a calm long password';
  const res = await client.post('/sign-up', { chosenName: 'Sara', username: name, password });
  if (res.status !== 303) throw new Error(`sign-up failed: ${res.status}`);
  return { client, username: name, password };
}
