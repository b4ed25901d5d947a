/** Escape LIKE/ILIKE wildcards so a search for "50%" or "a_b" matches those characters literally. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
