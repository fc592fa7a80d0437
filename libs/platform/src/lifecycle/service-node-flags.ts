/**
 * Node/V8 flags a process runs with wherever it is started: `npm start`, the test stack,
 * and the containers in deploy/ (which spell them out in their commands).
 */
export const SERVICE_NODE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  // A CTF import streams files of up to 100 MB. With an unbounded heap V8 lets the parser's
  // garbage pile up between full collections (20,000 pupils: peak RSS 304 MB); a bounded
  // heap collects as it goes (218 MB, about 15% slower), far above what the service keeps.
  'pupil-records': ['--max-old-space-size=192'],
};

export function nodeFlagsOf(process: string): readonly string[] {
  return SERVICE_NODE_FLAGS[process] ?? [];
}
