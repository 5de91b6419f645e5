import { useState } from "react";
import { msToZonedInput, zonedInputToMs } from "../format";

export type Range =
  { kind: "hour" } | { kind: "day" } | { kind: "custom"; from: number; to: number };

export function rangeQuery(r: Range): string {
  return r.kind === "custom" ? `from=${r.from}&to=${r.to}` : `range=${r.kind}`;
}

/** Last hour / last day / a custom range entered in the site's timezone. */
export function RangePicker({
  value,
  onChange,
  tz,
}: {
  value: Range;
  onChange: (r: Range) => void;
  tz: string;
}) {
  const [from, setFrom] = useState(msToZonedInput(Date.now() - 7 * 86_400_000, tz));
  const [to, setTo] = useState(msToZonedInput(Date.now(), tz));
  return (
    <fieldset className="range">
      <legend>Range</legend>
      {(["hour", "day"] as const).map((k) => (
        <label key={k}>
          <input
            type="radio"
            name="range"
            checked={value.kind === k}
            onChange={() => onChange({ kind: k })}
          />{" "}
          Last {k}
        </label>
      ))}
      <label>
        <input
          type="radio"
          name="range"
          checked={value.kind === "custom"}
          onChange={() =>
            onChange({ kind: "custom", from: zonedInputToMs(from, tz), to: zonedInputToMs(to, tz) })
          }
        />{" "}
        Custom
      </label>
      <label>
        From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <button
        type="button"
        onClick={() =>
          onChange({ kind: "custom", from: zonedInputToMs(from, tz), to: zonedInputToMs(to, tz) })
        }
      >
        Apply
      </button>
    </fieldset>
  );
}
