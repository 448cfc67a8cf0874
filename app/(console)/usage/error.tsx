'use client';

export { UsageError as default } from '../_states/PageError';
