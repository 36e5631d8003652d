interface Shape {
  area(): number;
  label?: string;
}

export function describe<T>(shape: Shape, scale = 1, tag?: T): string {
  const name = shape.label ?? "shape";
  if (shape.area() > 10 && scale > 1 || tag) {
    return name;
  } else if (tag?.toString()) {
    return `${name}!`;
  }
  return scale > 2 ? "big" : "small";
}

abstract class Base {
  abstract size(): number;
}

export class Square extends Base implements Shape {
  private side: number;

  constructor(side: number) {
    super();
    this.side = side;
  }

  area(): number {
    return this.side * this.side;
  }

  size(): number {
    return this.area();
  }

  grow(by: number): void {
    for (const step of [by]) {
      this.side += step;
    }
  }
}

const parse = (text: string): number => {
  try {
    return JSON.parse(text) as number;
  } catch {
    return 0;
  }
};
