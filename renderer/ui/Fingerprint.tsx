/**
 * A key's fingerprint as it is read aloud or compared by eye: its groups on two lines of equal
 * length (four and four for a sector's key, eight and eight for the access log's), the same
 * wherever it is shown, however wide the column.
 */
export function Fingerprint({ value }: { value: string }) {
  const groups = value.split(' ');
  const half = Math.ceil(groups.length / 2);
  return (
    <span className="fingerprint" data-raw>
      {groups.slice(0, half).join(' ')} <br />
      {groups.slice(half).join(' ')}
    </span>
  );
}
