import { Schema, type Connection } from 'mongoose';

/**
 * A named operation that only one request may run at a time (the frame import), across every server
 * process on the database: taking the lock is one insert under the unique `_id`, so the database decides
 * between concurrent requests. `expiresAt` lets the next request take over from a holder that died.
 */
const operationLockSchema = new Schema(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'operationLocks', versionKey: false },
);

export function operationLockModel(connection: Connection) {
  return connection.model('OperationLock', operationLockSchema);
}
