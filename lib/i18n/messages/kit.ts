import { defineMessages } from '../core';

/** Settings → the joint-operation kit's public key (spec §3.12). */
export default defineMessages({
  en: {
    'key.title': 'Joint-operation public key',
    'key.intro':
      'The marketplace encrypts the client secret of a joint-operation application with this RSA public key. Upload it in the Seller Center when applying for application credentials; the app keeps the private key.',
    'key.pem': 'Public key (PEM)',
    'key.fingerprint': 'SHA-256 fingerprint',
    'key.copy': 'Copy',
    'key.couldNotLoad': 'Could not load the joint-operation public key',
  },
  zh: {
    'key.title': '联营应用公钥',
    'key.intro': '云商店用此 RSA 公钥加密联营应用的客户端密钥（clientSecret）。请在卖家中心进行应用凭证申请时上传此公钥；私钥由本应用保管。',
    'key.pem': '公钥（PEM）',
    'key.fingerprint': 'SHA-256 指纹',
    'key.copy': '复制',
    'key.couldNotLoad': '无法加载联营应用公钥',
  },
});
