class Broken {
  def good(a: Int): Int = {
    if (a > 0) {
      return 1
    }
    0
  }

  def bad(a: Int): Unit = {
    val x =
  }

  def alsoGood(b: Int): Int = {
    var c = b
    while (c > 0) {
      c -= 1
    }
    c
  }
}
