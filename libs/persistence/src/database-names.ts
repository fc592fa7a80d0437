/** Database and runtime role of one service, under a prefix shared by one stack (dev, test run...). */
export interface DatabaseNames {
  database: string;
  appRole: string;
}

export function databaseNames(prefix: string, service: string): DatabaseNames {
  const base = `${prefix}${service.replace(/-/g, '_')}`;
  return { database: base, appRole: `${base}_app` };
}

/** The same server and credentials as `url`, another database and optionally another user. */
export function withDatabase(url: string, database: string, user?: { name: string; password?: string }): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  if (user) {
    parsed.username = encodeURIComponent(user.name);
    parsed.password = user.password ? encodeURIComponent(user.password) : '';
  }
  return parsed.toString();
}
