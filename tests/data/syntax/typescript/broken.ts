function fine(a: number): number {
  return a > 0 ? a : -a;
}

function broken(a: number {
  if (a) { return
}

function later(b: string): string {
  return b || "x";
}
