import type { z } from 'zod';
import { channels, type ChannelName } from '../shared/contract';
import { AppError, fail, ok, type Result } from '../shared/result';
import type { Handlers } from './handlers';

export type Logger = (message: string, error: unknown) => void;

/** Human-readable summary of what was wrong with a request, field by field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : '';
      return where ? `${where}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

function isChannel(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(channels, name);
}

/**
 * The single entry for every adapter (IPC, browser host, CLI): checks the channel,
 * validates the payload with the contract, runs the handler and wraps the outcome in
 * the result envelope. Unexpected errors are logged here and never leak a stack trace.
 */
export async function dispatch(
  handlers: Partial<Handlers>,
  channel: string,
  payload: unknown,
  log: Logger = () => {},
): Promise<Result<unknown>> {
  if (!isChannel(channel)) return fail('unknown_channel', `There is no channel named "${String(channel)}".`);
  const parsed = channels[channel].request.safeParse(payload);
  if (!parsed.success) return fail('invalid_input', describeIssues(parsed.error));
  // A table may answer part of the contract (the CLI's core has no sign-in).
  if (!Object.prototype.hasOwnProperty.call(handlers, channel)) {
    return fail('unknown_channel', `There is no channel named "${channel}" here.`);
  }
  try {
    const handler = handlers[channel] as (request: unknown) => unknown;
    return ok(await handler(parsed.data));
  } catch (error) {
    if (error instanceof AppError) return fail(error.code, error.message);
    log(`channel ${channel} failed`, error);
    return fail('internal', 'Something went wrong on this computer; nothing was changed. Details are in the log.');
  }
}
