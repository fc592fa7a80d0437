/** The navigation item for an address: the most specific one whose path holds it. */
export function currentNavItem<T extends { to: string }>(items: readonly T[], pathname: string): T | undefined {
  return items
    .filter((item) => pathname === item.to || pathname.startsWith(`${item.to}/`))
    .sort((a, b) => b.to.length - a.to.length)[0];
}
