export declare const EMBEDDED_DATABASE_IN_USE: 'EMBEDDED_DATABASE_IN_USE';
export declare function lockEmbeddedDatabase(dir: string, info?: { port?: number }): { file: string; release(): void };
