val names = List("a", "")
if (names.nonEmpty) {
  for (n <- names) {
    if (n.nonEmpty) {
      println(n)
    }
  }
}

def twice(x: Int): Int = if (x > 0) x * 2 else 0
