if (globalThis.x) {
  for (const y of []) {
    while (y) {}
  }
}

function bumpy(a, b) {
  if (a) {
    if (b) {
      return 1;
    }
  }
  for (const x of a) {
    if (x) {
      while (b) {
        b--;
      }
    }
  }
  if (b) {
    return 3;
  } else if (a) {
    if (b) {
      return 4;
    }
  }
  return 0;
}

function outer() {
  return function (q) {
    if (q) {
      if (q > 1) {
        return 1;
      }
    }
  };
}
