/** Numbers and dates as the page shows them. */

const numbers = new Intl.NumberFormat('en-US');

export const count = (n: number): string => numbers.format(n);

export function when(iso: string | null | undefined): string {
  if (!iso) return '–';
  return new Date(iso).toLocaleString('en-US', {
    dateStyle: 'medium',
    timeStyle: 'medium',
  });
}

/** The time from `from` to `to` as people say it (elapsed()); "–" without both ends. */
export function duration(from: string | null | undefined, to: string | null | undefined): string {
  if (!from || !to) return '–';
  return elapsed(new Date(to).getTime() - new Date(from).getTime());
}

/**
 * Milliseconds as people read a duration: "under 0.1 s", "1.2 s" (tenths below 10 s),
 * "42 s", "9 min 22 s", "2 h 5 min" (the smaller unit left out when it is 0).
 */
export function elapsed(ms: number): string {
  if (ms < 50) return 'under 0.1 s';
  if (ms < 9_950) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) {
    const [min, s] = [Math.floor(seconds / 60), seconds % 60];
    return s === 0 ? `${min} min` : `${min} min ${s} s`;
  }
  const minutes = Math.round(seconds / 60);
  const [h, min] = [Math.floor(minutes / 60), minutes % 60];
  return min === 0 ? `${h} h` : `${h} h ${min} min`;
}

/** An enum value in words: WRITING_MEMBERSHIPS -> "writing memberships". */
export const words = (value: string): string => value.toLowerCase().replaceAll('_', ' ');

/**
 * A number of things with the noun agreeing and the number grouped: counted(1, 'ECID') is
 * "1 ECID", counted(2345, 'ECID') "2,345 ECIDs"; `many` for irregular plurals.
 */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** Where an audience came from, in words. */
export function sourceOfAudience(source: string): string {
  switch (source) {
    case 'API':
      return 'Created through the API';
    case 'AUDIENCE_MANAGER':
      return 'From Audience Manager';
    case 'EXPERIENCE_PLATFORM':
      return 'From Experience Platform';
    default:
      return words(source);
  }
}

/** The text with its first letter upper-cased: "initial" -> "Initial". */
export const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
