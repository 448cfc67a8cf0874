/** A text link of the call log's pages (the console's red, underlined on hover, outlined on focus). */
export const LINK = 'text-red-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-red-700';
