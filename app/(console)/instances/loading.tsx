export { InstancesLoading as default } from '../_states/PageLoading';
