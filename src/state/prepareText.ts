/**
 * Opening a worker's text side ahead of the first query (Engine.prepareText, request
 * 'prepareText'), once per loaded model: the inspector's worker and the Compare view's each keep
 * one of these. A failure is the query's to report; it is forgotten so the next focus asks again.
 */
import type { ModelInfo } from '../model/info';
import type { ClientPort } from './types';

export function textPreparer(onPrepared?: (ms: number) => void): (client: ClientPort, info: ModelInfo) => void {
  let preparedFor: ModelInfo | null = null;
  return (client, info) => {
    if (preparedFor === info) return;
    preparedFor = info;
    client.request<'prepareText'>({ type: 'prepareText' }).then(
      (a) => onPrepared?.(a.ms),
      () => {
        if (preparedFor === info) preparedFor = null;
      },
    );
  };
}
