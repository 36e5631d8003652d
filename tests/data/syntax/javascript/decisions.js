// Decision points as lizard counts them: if, for, while, case, catch, &&, ||, ??, ?
function decide(a, b = 1, ...rest) {
  if (a && b) {
    return 1;
  } else if (a || (b && !a)) {
    return 2;
  } else {
    return rest;
  }
}

function loops(items) {
  for (let i = 0; i < items.length; i++) {}
  for (const item of items) {}
  for (const key in items) {}
  while (items.length) items.pop();
  do {
    items.push(1);
  } while (items.length < 3);
}

function branches(x) {
  switch (x) {
    case 1:
    case 2:
      break;
    default:
      break;
  }
  try {
    x();
  } catch (error) {
    return x ? 1 : x ?? 2;
  } finally {
    x = null;
  }
}

const arrow = (p, q) => p && q;

const single = p => p;

function variables() {
  let a = 1, b;
  const { c, d: e } = {};
  var [f, g] = [];
  for (const h of []) {}
  a = 2;
  return a + b + c + e + f + g;
}
