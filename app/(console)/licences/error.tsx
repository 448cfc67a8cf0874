'use client';

export { LicencesError as default } from '../_states/PageError';
