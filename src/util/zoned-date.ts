// A date keeps the time zone it was given in (`--date 2024-09-06T10:00:00+02:00`): mails and commits
// print "+0200" as git would, not UTC. Dates without one are UTC.
const offsets = new WeakMap<Date, number>();

/** DATE, remembered as written in a zone OFFSET minutes east of UTC. */
export function withOffset(date: Date, offsetMinutes: number): Date {
  offsets.set(date, offsetMinutes);
  return date;
}

/** The zone DATE was given in, in minutes east of UTC (0 when none was). */
export function offsetOf(date: Date): number {
  return offsets.get(date) ?? 0;
}

/** "+0200", "-0530", "+0000". */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** The zone written at the end of a date text ("Z", "+02:00", "+0200", "-0530"), in minutes; null when none. */
export function writtenOffset(text: string): number | null {
  const m = /(?:\d|\s)(Z|[+-]\d{2}:?\d{2})\s*$/i.exec(text.trim());
  if (!m) return null;
  if (m[1].toUpperCase() === 'Z') return 0;
  const digits = m[1].replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return digits[0] === '-' ? -minutes : minutes;
}
