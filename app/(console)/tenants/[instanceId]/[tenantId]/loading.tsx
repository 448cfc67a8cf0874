export { TenantsLoading as default } from '../../../_states/PageLoading';
