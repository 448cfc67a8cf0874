export { CallsLoading as default } from '../_states/PageLoading';
