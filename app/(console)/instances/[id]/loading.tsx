export { InstanceLoading as default } from '../../_states/PageLoading';
