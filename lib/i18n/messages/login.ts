import { defineMessages } from '../core';

export default defineMessages({
  en: {
    title: 'KooGallery seller',
    intro: 'Sign in to the seller console.',
    email: 'E-mail',
    password: 'Password',
    signIn: 'Sign in',
    signingIn: 'Signing in…',
    wrong: 'Wrong e-mail or password.',
    locked: 'Too many failed sign-ins. Try again in {seconds} s.',
    disabled: 'This account is disabled.',
  },
  zh: {
    title: '云商店卖家',
    intro: '登录卖家控制台。',
    email: '邮箱',
    password: '密码',
    signIn: '登录',
    signingIn: '正在登录…',
    wrong: '邮箱或密码错误。',
    locked: '登录失败次数过多，请 {seconds} 秒后再试。',
    disabled: '此账号已停用。',
  },
});
