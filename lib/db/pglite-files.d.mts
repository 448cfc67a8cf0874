export declare function ensureDatabaseFiles(dir: string): Promise<boolean>;
