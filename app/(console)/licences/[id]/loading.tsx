export { LicenceLoading as default } from '../../_states/PageLoading';
