/**
 * The Marketo day: Marketo's daily API quota "resets at 12:00 AM CST" (MD rest-api.md). Whether
 * that "CST" follows daylight saving time is not documented (MARKETO-API.md marks it
 * unverified); the day here starts at midnight America/Chicago as the time zone database has
 * it, so CDT (UTC-5) in summer and CST (UTC-6) in winter, computed with Intl. Should Marketo
 * reset at a fixed UTC-6, the day here starts an hour earlier in summer: then at worst a
 * budget spent late in the evening frees an hour early, and Marketo's own 607 still holds.
 */

export const MARKETO_TIME_ZONE = 'America/Chicago';

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: MARKETO_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The wall clock in Chicago at `at`, as fields. */
function chicago(at: Date): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
} {
  const out: Record<string, number> = {};
  for (const part of parts.formatToParts(at)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return {
    year: out.year,
    month: out.month,
    day: out.day,
    hour: out.hour,
    minute: out.minute,
    second: out.second,
  };
}

/** Chicago's offset from UTC at `at`, in ms (-5 h or -6 h). */
function offsetMs(at: Date): number {
  const wall = chicago(at);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The Marketo day `at` falls in, as `YYYY-MM-DD` (Chicago's calendar date). */
export function marketoDay(at: Date): string {
  const { year, month, day } = chicago(at);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The instant the Marketo day after the one `at` falls in begins (next midnight in Chicago). */
export function nextMarketoDayStart(at: Date): Date {
  const { year, month, day } = chicago(at);
  // Midnight of the next calendar day as if it were UTC, then shifted by Chicago's offset at
  // that moment. DST changes happen at 2 AM there, so midnight always exists exactly once;
  // the second pass settles the offset when the first guess fell on the other side of a change.
  const wallMidnight = Date.UTC(year, month - 1, day + 1);
  let instant = wallMidnight - offsetMs(new Date(wallMidnight));
  instant = wallMidnight - offsetMs(new Date(instant));
  return new Date(instant);
}
