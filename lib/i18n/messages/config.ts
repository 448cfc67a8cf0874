import { defineMessages } from '../core';

/** Configuration warnings (lib/config.ts configWarningList): logged in English, shown on the overview in either. */
export default defineMessages({
  en: {
    noKey:
      'MARKETPLACE_KEY is not set: every production-interface call will be refused with 000001 until you set it to the key bound to the basic interfaces (Seller Center > Application Tools > Key Management).',
    emulator:
      'HUAWEICLOUD_AK / HUAWEICLOUD_SK are not set: orders are fetched from the built-in marketplace emulator, not from Huawei Cloud. Set both (and optionally MARKETPLACE_API_BASE) for real orders.',
    noAkSk: 'HUAWEICLOUD_AK / HUAWEICLOUD_SK are not set: Query Order calls to {base} will fail.',
    noWebhookUrl: 'PROVISIONER=webhook but PROVISIONER_WEBHOOK_URL is not set: provisioning will fail.',
    noWebhookSecret: 'PROVISIONER_WEBHOOK_SECRET is not set: webhook calls are signed with a generated secret kept under DATA_DIR.',
  },
  zh: {
    noKey: '未设置 MARKETPLACE_KEY：在设置为基础接口绑定的密钥（卖家中心 > 应用工具 > 密钥管理）之前，所有生产接口调用都会以 000001 被拒绝。',
    emulator:
      '未设置 HUAWEICLOUD_AK / HUAWEICLOUD_SK：订单从内置的云商店模拟器获取，而不是从华为云获取。要处理真实订单，请同时设置两者（可选设置 MARKETPLACE_API_BASE）。',
    noAkSk: '未设置 HUAWEICLOUD_AK / HUAWEICLOUD_SK：向 {base} 查询订单的调用将会失败。',
    noWebhookUrl: 'PROVISIONER=webhook，但未设置 PROVISIONER_WEBHOOK_URL：开通将会失败。',
    noWebhookSecret: '未设置 PROVISIONER_WEBHOOK_SECRET：Webhook 调用使用生成并保存在 DATA_DIR 下的密钥签名。',
  },
});
