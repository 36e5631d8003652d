def check(a, b, c)
  if a > 0 && b > 0 || c > 0
    return true
  end
  while a > 0 and b > 0
    a -= 1
  end
  x = (a > 0 && b > 0 && c > 0) ? 1 : 0
  return false unless a || b || c
  y = a && b || c
  x
end
