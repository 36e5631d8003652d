function good(a) {
  if (a) {
    return 1;
  }
}

function bad( {
  return ;;; }}

function after(b) {
  return b || 2;
}
