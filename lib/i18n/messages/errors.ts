import { defineMessages } from '../core';

/**
 * Errors the console APIs answer with, in the signed-in user's language (lib/auth/guard withRole). The English texts
 * are the ones the APIs always gave. Errors from deeper library code stay English.
 */
export default defineMessages({
  en: {
    signIn: 'Sign in first.',
    needsRole: 'This needs the {role} role.',
    fault: 'Something went wrong; the cause is in the server log.',
    'user.email': 'E-mail: enter an address like name@example.com.',
    'user.role': 'Role: choose admin, support or viewer.',
    'user.exists': 'E-mail: {email} already has an account.',
    'user.none': 'No such user.',
    'user.disabled': 'Disabled must be true or false.',
    'user.disableSelf': 'You cannot disable your own account.',
    'user.lastAdmin': 'This is the last active administrator: make someone else admin first.',
    'user.nothing': 'Nothing to change.',
    'password.short': 'Password must be at least 10 characters.',
    'password.long': 'Password must be at most 200 characters.',
    'password.text': 'Password must be text.',
    locale: 'Language: choose one of {locales}.',
  },
  zh: {
    signIn: '请先登录。',
    needsRole: '此操作需要{role}角色。',
    fault: '出现错误，原因见服务器日志。',
    'user.email': '邮箱：请输入类似 name@example.com 的地址。',
    'user.role': '角色：请选择管理员（admin）、技术支持（support）或只读（viewer）。',
    'user.exists': '邮箱：{email} 已有账号。',
    'user.none': '用户不存在。',
    'user.disabled': '停用标记必须为 true 或 false。',
    'user.disableSelf': '不能停用自己的账号。',
    'user.lastAdmin': '这是最后一个有效的管理员：请先将其他用户设为管理员。',
    'user.nothing': '没有需要修改的内容。',
    'password.short': '密码至少需要 10 个字符。',
    'password.long': '密码最多 200 个字符。',
    'password.text': '密码必须是文本。',
    locale: '语言：请选择 {locales} 之一。',
  },
});
