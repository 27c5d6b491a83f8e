import type { DateRange } from '../../contracts/dateRange';

/** Received on or after `from` and on or before `to` (the whole day, UTC): the one date filter of listings, exports and estimates. */
export function receivedWithin(range: DateRange): { receivedAt?: { $gte?: Date; $lt?: Date } } {
  if (!range.from && !range.to) return {};
  return {
    receivedAt: {
      ...(range.from ? { $gte: new Date(`${range.from}T00:00:00Z`) } : {}),
      ...(range.to ? { $lt: new Date(Date.parse(`${range.to}T00:00:00Z`) + 24 * 3600_000) } : {}),
    },
  };
}
