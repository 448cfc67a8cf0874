import { defineMessages } from '../core';

/** The UI kit's own words (components/ui/): what every page's buttons, panels, tables and dialogs say. */
export default defineMessages({
  en: {
    copy: 'Copy',
    copied: 'Copied',
    copyFailed: 'Copy failed: select the text instead.',
    retry: 'Try again',
    loadMore: 'Load more',
    loading: 'Loading…',
    empty: 'Nothing here yet.',
    end: 'That is all.',
    cancel: 'Cancel',
    confirm: 'Confirm',
    working: 'Working…',
    unknownError: 'Something went wrong.',
    loadFailed: 'This page could not be loaded.',
    serverLog: 'The cause is in the server log ({digest}).',
  },
  zh: {
    copy: '复制',
    copied: '已复制',
    copyFailed: '复制失败：请手动选择文本。',
    retry: '重试',
    loadMore: '加载更多',
    loading: '加载中…',
    empty: '暂无内容。',
    end: '没有更多了。',
    cancel: '取消',
    confirm: '确认',
    working: '处理中…',
    unknownError: '出现了问题。',
    loadFailed: '页面加载失败。',
    serverLog: '原因见服务器日志（{digest}）。',
  },
});
