/** A row's name in a list's count, both forms (`entry`, `entries`). */
export interface ListNoun {
  one: string;
  many: string;
}

/** How many rows a list shows, in words: none yet, none matching its filters, or N (and more to show). */
export function listCountWords(
  shown: number,
  noun: ListNoun,
  { filtered, more, empty }: { filtered: boolean; more: boolean; empty?: string },
): string {
  if (shown === 0) return empty ?? (filtered ? `No ${noun.many} match these filters.` : `No ${noun.many} yet.`);
  return `Showing ${shown} ${shown === 1 ? noun.one : noun.many}${more ? ' (more to show)' : ''}.`;
}
