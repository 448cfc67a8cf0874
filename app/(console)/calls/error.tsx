'use client';

export { CallsError as default } from '../_states/PageError';
