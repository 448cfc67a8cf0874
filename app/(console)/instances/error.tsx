'use client';

export { InstancesError as default } from '../_states/PageError';
