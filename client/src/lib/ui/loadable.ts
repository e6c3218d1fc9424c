/** What a page or widget shows while its data loads: a spinner, an error it can retry, or the data. */
export type Loadable<T extends object> = { state: 'loading' } | { state: 'failed'; message: string } | ({ state: 'ready' } & T);
