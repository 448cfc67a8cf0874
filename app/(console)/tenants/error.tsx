'use client';

export { TenantsError as default } from '../_states/PageError';
