// Input checks in one voice: "Error in <fn>: <argument> must be ..., got ...".

export function fail(fn: string, message: string): never {
  throw new Error(`Error in ${fn}: ${message}`);
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
