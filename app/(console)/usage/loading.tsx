export { UsageLoading as default } from '../_states/PageLoading';
