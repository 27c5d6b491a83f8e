/**
 * What the server may hand to `response.json` where a contract has `T`: JSON.stringify turns a Date into
 * its ISO string, so a Date may stand wherever the contract has a string (the times of the API are ISO
 * strings). A service typed `Encodable<Reply>` cannot drift from the schema the client parses with.
 */
export type Encodable<T> = T extends string ? T | Date : T extends readonly (infer Item)[] ? Encodable<Item>[] : T extends object ? { [K in keyof T]: Encodable<T[K]> } : T;
