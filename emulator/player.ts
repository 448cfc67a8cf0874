/**
 * The marketplace player: plays the marketplace's side of the production interfaces against any production URL
 * (the app's is POST <base>/api/produce). One entry point for tests and the CLI.
 *  - produce-call.ts: one signed call (spec §3.1, §3.2)
 *  - retries.ts: retries (spec §7.1) and queryInstance polling (spec §3.4)
 *  - lifecycle.ts: a whole instance life, step by step with verdicts
 */
export { sendProduceCall, buildProduceRequest, isProduceSuccess, resultCodeOf, randomNonce, PRODUCE_TIMEOUT_MS, PRODUCE_HEADERS } from './produce-call';
export type { ProduceBody, ProduceCallOptions, ProduceCallResult } from './produce-call';
export { callWithRetries, pollQueryInstance, readyInstanceInfo, sleep } from './retries';
export type { RetryPolicy, RetryOutcome, PollOutcome, InstanceInfo } from './retries';
export { runLifecycle } from './lifecycle';
export type { LifecycleOptions, LifecycleResult, LifecycleStep } from './lifecycle';
