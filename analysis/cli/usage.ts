/** Bad input from the person running the CLI: reported as one message and exit code 2. */
export class UsageError extends Error {}
