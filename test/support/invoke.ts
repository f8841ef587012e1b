import { dispatch } from '../../main/dispatch';
import type { Handlers } from '../../main/handlers';
import type { ChannelName, RequestOf, ResponseOf } from '../../shared/contract';
import type { Result } from '../../shared/result';

/** `dispatch` with the contract's types: what a page calling window.crm gets back. */
export function invoke<C extends ChannelName>(handlers: Partial<Handlers>, channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
  return dispatch(handlers, channel, request) as Promise<Result<ResponseOf<C>>>;
}
