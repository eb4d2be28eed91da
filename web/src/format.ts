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

export function duration(from: string | null | undefined, to: string | null | undefined): string {
  if (!from || !to) return '–';
  const ms = new Date(to).getTime() - new Date(from).getTime();
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
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
