import { activationMessage } from '@wisp/core';
import { initBody, runBody } from './proxy-payloads';

describe('proxy payloads', () => {
  const message = activationMessage({
    activationId: 'a'.repeat(32),
    transactionId: 'tx1',
    user: { namespace: 'caller', subject: 'caller-subject' },
    params: { name: 'x', token: 'secret', cfg: { deep: 1 } },
    initParams: ['token', 'cfg'],
    action: { namespace: 'owner', package: 'pkg', name: 'act', version: '0.0.3', exec: { kind: 'nodejs:20', code: 'c', main: 'run', binary: false } },
  });

  it('/run gets params without init params, the context and no api key unless granted', () => {
    expect(runBody(message, 1234)).toEqual({
      value: { name: 'x' },
      namespace: 'caller',
      action_name: '/owner/pkg/act',
      action_version: '0.0.3',
      activation_id: 'a'.repeat(32),
      transaction_id: 'tx1',
      deadline: '1234',
    });
    expect(runBody({ ...message, user: { ...message.user, apiKey: 'k:s' } }, 1)).toMatchObject({ api_key: 'k:s' });
  });

  it('/init gets code, main and env of init params (stringified) plus __OW_*', () => {
    expect(initBody({ ...message, user: { ...message.user, apiKey: 'k:s' } }, 'code!', 99, 'http://api')).toEqual({
      value: {
        name: 'act',
        main: 'run',
        code: 'code!',
        binary: false,
        env: {
          token: 'secret',
          cfg: '{"deep":1}',
          __OW_API_HOST: 'http://api',
          __OW_NAMESPACE: 'caller',
          __OW_ACTION_NAME: '/owner/pkg/act',
          __OW_ACTION_VERSION: '0.0.3',
          __OW_ACTIVATION_ID: 'a'.repeat(32),
          __OW_TRANSACTION_ID: 'tx1',
          __OW_DEADLINE: '99',
          __OW_API_KEY: 'k:s',
        },
      },
    });
  });
});
