import type { StringKey, Translate } from './strings';

/** The header row of a console list: a column per name, and an empty one over the rows' buttons when they have some. */
export function ListHead({ t, columns, actions = false }: { t: Translate; columns: StringKey[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column}>{t(column)}</th>
        ))}
        {actions && <th />}
      </tr>
    </thead>
  );
}
