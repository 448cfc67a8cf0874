export declare const SOURCES: string[];
export declare function buildState(root: string): { built: number; changed: number };
