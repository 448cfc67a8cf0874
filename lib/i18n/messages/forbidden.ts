import { defineMessages } from '../core';

/** The page a role without access lands on. */
export default defineMessages({
  en: {
    title: 'Not allowed',
    text: 'Your role does not allow this page. Ask an administrator if you need it.',
    back: 'Back to the overview',
  },
  zh: {
    title: '无权访问',
    text: '您的角色无权访问此页面。如有需要，请联系管理员。',
    back: '返回概览',
  },
});
