import { defineMessages, type Translate } from '../core';

/**
 * The marketplace's and the job queue's words, shown across the console: charging modes (spec §3.3), order kinds
 * (instance_order.kind, spec §3.5) and job queues (lib/jobs/queue.ts); what a job does is lib/jobs/words.ts's kind.
 * English keeps the marketplace's own spelling; Chinese uses the Seller Center's words.
 */
const terms = defineMessages({
  en: {
    'chargingMode.PERIOD': 'PERIOD (yearly/monthly)',
    'chargingMode.ONE_TIME': 'ONE_TIME',
    'chargingMode.ON_DEMAND': 'ON_DEMAND (pay-per-use)',
    'chargingMode.ON_DEMAND_PKG': 'ON_DEMAND_PKG (package)',
    'orderKind.NEW': 'NEW',
    'orderKind.TRIAL_TO_FORMAL': 'TRIAL_TO_FORMAL',
    'orderKind.RENEWAL': 'RENEWAL',
    'orderKind.UNSUBSCRIBE_RENEWAL_PERIOD': 'UNSUBSCRIBE_RENEWAL_PERIOD',
    'orderKind.RENEWAL_CHANGE': 'RENEWAL_CHANGE',
    'orderKind.UPGRADE': 'UPGRADE',
    'orderKind.RELEASE': 'RELEASE',
    'queue.provision': 'provision',
    'queue.apply-order': 'apply-order',
    'queue.lifecycle': 'lifecycle',
  },
  zh: {
    'chargingMode.PERIOD': '包年/包月',
    'chargingMode.ONE_TIME': '一次性',
    'chargingMode.ON_DEMAND': '按需',
    'chargingMode.ON_DEMAND_PKG': '按需套餐包',
    'orderKind.NEW': '新购',
    'orderKind.TRIAL_TO_FORMAL': '试用转正',
    'orderKind.RENEWAL': '续费',
    'orderKind.UNSUBSCRIBE_RENEWAL_PERIOD': '退订续费周期',
    'orderKind.RENEWAL_CHANGE': '续费变更',
    'orderKind.UPGRADE': '升级',
    'orderKind.RELEASE': '退订释放',
    'queue.provision': '开通',
    'queue.apply-order': '处理订单',
    'queue.lifecycle': '状态同步',
  },
});
export default terms;

type TermKind = 'chargingMode' | 'orderKind' | 'queue';

/** The word for a marketplace or queue value; a value the catalogue does not know is shown as it is. */
export function term(t: Translate<Extract<keyof (typeof terms)['en'], string>>, kind: TermKind, value: string | null | undefined): string {
  if (!value) return '';
  const key = `${kind}.${value}`;
  return key in terms.en ? t(key as never) : value;
}
