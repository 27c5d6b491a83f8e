/** The received-date range (ISO dates, '' for no limit), as the console's filters and a round of 差异比较 ask it. */
export function ReceivedDates<Range extends { from: string; to: string }>({ range, onChange }: { range: Range; onChange: (range: Range) => void }) {
  return (
    <>
      <label>
        收到日期 从 Received from
        <input type="date" value={range.from} onChange={(event) => onChange({ ...range, from: event.target.value })} />
      </label>
      <label>
        至 To
        <input type="date" value={range.to} onChange={(event) => onChange({ ...range, to: event.target.value })} />
      </label>
    </>
  );
}
