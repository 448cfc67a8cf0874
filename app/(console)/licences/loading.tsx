export { LicencesLoading as default } from '../_states/PageLoading';
