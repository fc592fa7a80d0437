// On its own, without the file store's dependencies: tests that remove a stack's bucket load only this.

/** The object-store bucket of a NATS namespace (its JetStream stream is `OBJ_<bucket>`). */
export function fileBucketName(namespace = ''): string {
  return namespace ? `files_${namespace}` : 'files';
}
